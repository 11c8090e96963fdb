import type { Activation, InferenceGraph, InferenceOp } from '../types';
import { tfAttr } from './attrs';
import type { GraphDef, GraphWeight, NodeDef } from './graph-def-types';

/** Activations tfjs fuses into _FusedConv2D / _FusedMatMul, by GraphDef op name. */
const FUSABLE: Partial<Record<Activation['kind'], string>> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu' };
/** Standalone activation ops. */
const ACTIVATION_OP: Record<Exclude<Activation['kind'], 'linear'>, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  tanh: 'Tanh',
  softmax: 'Softmax',
};

export interface EmittedGraphDef {
  graph: GraphDef;
  weights: GraphWeight[];
  inputName: string;
  outputName: string;
}

const T = tfAttr.dtype('DT_FLOAT');

class Builder {
  readonly nodes: NodeDef[] = [];
  readonly weights: GraphWeight[] = [];

  constant(name: string, shape: number[], data: Float32Array | Int32Array): string {
    const dtype = data instanceof Int32Array ? 'DT_INT32' : 'DT_FLOAT';
    this.nodes.push({ name, op: 'Const', attr: { dtype: tfAttr.dtype(dtype), value: tfAttr.tensor(dtype, shape) } });
    this.weights.push({ name, shape, data });
    return name;
  }

  add(node: NodeDef): string {
    this.nodes.push(node);
    return node.name;
  }

  activation(name: string, input: string, act: Activation): string {
    if (act.kind === 'linear') return this.add({ name, op: 'Identity', input: [input], attr: { T } });
    const attr: NodeDef['attr'] = { T };
    if (act.kind === 'leakyrelu') attr['alpha'] = tfAttr.float(act.alpha);
    return this.add({ name, op: ACTIVATION_OP[act.kind], input: [input], attr });
  }
}

/** Emits a conv/dense as one fused node (+ a separate activation node when tfjs cannot fuse it). */
function emitFused(b: Builder, op: Extract<InferenceOp, { op: 'conv2d' | 'dense' }>, input: string): void {
  const cout = op.op === 'conv2d' ? op.kernelShape[3] : op.kernelShape[1];
  const kernel = b.constant(`${op.name}/kernel`, [...op.kernelShape], op.kernel);
  const bias = b.constant(`${op.name}/bias`, [cout], op.bias ?? new Float32Array(cout));
  const fusedAct = FUSABLE[op.activation.kind];
  const separate = op.activation.kind !== 'linear' && fusedAct === undefined;
  const name = separate ? `${op.output}/BiasAdd` : op.output;
  const attr: NodeDef['attr'] = {
    T,
    num_args: tfAttr.int(1),
    fused_ops: tfAttr.strs(fusedAct === undefined ? ['BiasAdd'] : ['BiasAdd', fusedAct]),
    epsilon: tfAttr.float(0),
  };
  if (op.activation.kind === 'leakyrelu') attr['leakyrelu_alpha'] = tfAttr.float(op.activation.alpha);
  if (op.op === 'conv2d') {
    Object.assign(attr, {
      strides: tfAttr.ints([1, ...op.strides, 1]),
      dilations: tfAttr.ints([1, ...op.dilations, 1]),
      padding: tfAttr.str(op.padding.toUpperCase()),
      data_format: tfAttr.str('NHWC'),
      explicit_paddings: tfAttr.emptyList(),
      use_cudnn_on_gpu: tfAttr.bool(true),
    });
    b.add({ name, op: '_FusedConv2D', input: [input, kernel, bias], attr });
  } else {
    Object.assign(attr, { transpose_a: tfAttr.bool(false), transpose_b: tfAttr.bool(false) });
    b.add({ name, op: '_FusedMatMul', input: [input, kernel, bias], attr });
  }
  if (separate) b.activation(op.output, name, op.activation);
}

function emitOp(b: Builder, op: InferenceOp): void {
  const input = op.input;
  switch (op.op) {
    case 'conv2d':
    case 'dense':
      return emitFused(b, op, input);
    case 'pool':
      b.add({
        name: op.output,
        op: op.kind === 'max' ? 'MaxPool' : 'AvgPool',
        input: [input],
        attr: {
          T,
          ksize: tfAttr.ints([1, ...op.poolSize, 1]),
          strides: tfAttr.ints([1, ...op.strides, 1]),
          padding: tfAttr.str(op.padding.toUpperCase()),
          data_format: tfAttr.str('NHWC'),
        },
      });
      return;
    case 'globalPool': {
      const axes = b.constant(`${op.name}/axes`, [2], Int32Array.from([1, 2]));
      b.add({ name: op.output, op: op.kind === 'max' ? 'Max' : 'Mean', input: [input, axes], attr: { T, Tidx: tfAttr.dtype('DT_INT32'), keep_dims: tfAttr.bool(false) } });
      return;
    }
    case 'flatten': {
      const size = op.outShape.reduce((a, d) => a * d, 1);
      const shape = b.constant(`${op.name}/shape`, [2], Int32Array.from([-1, size]));
      b.add({ name: op.output, op: 'Reshape', input: [input, shape], attr: { T, Tshape: tfAttr.dtype('DT_INT32') } });
      return;
    }
    case 'scaleShift': {
      const c = op.scale.length;
      const scale = b.constant(`${op.name}/scale`, [c], op.scale);
      const shift = b.constant(`${op.name}/shift`, [c], op.shift);
      const mul = b.add({ name: `${op.output}/mul`, op: 'Mul', input: [input, scale], attr: { T } });
      b.add({ name: op.output, op: 'AddV2', input: [mul, shift], attr: { T } });
      return;
    }
    case 'activation':
      b.activation(op.output, input, op.activation);
      return;
    case 'add':
      b.add({ name: op.output, op: 'AddV2', input: [input, op.other], attr: { T } });
      return;
  }
}

/** Writes an (optimised) InferenceGraph as a GraphDef tfjs GraphModel runs, with its weights. */
export function emitGraphDef(graph: InferenceGraph, outputName = 'probabilities'): EmittedGraphDef {
  const b = new Builder();
  b.add({ name: graph.input, op: 'Placeholder', attr: { dtype: T, shape: tfAttr.shape([-1, ...graph.inputShape]) } });
  for (const op of graph.ops) emitOp(b, op);
  b.add({ name: outputName, op: 'Identity', input: [graph.output], attr: { T } });
  return { graph: { node: b.nodes, versions: { producer: 1 }, library: {} }, weights: b.weights, inputName: graph.input, outputName };
}
