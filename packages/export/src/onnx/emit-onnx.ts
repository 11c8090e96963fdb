import { attr, floatTensor, int64Tensor, node, valueInfo, type OnnxModel, type OnnxNode, type OnnxTensor } from '@medimg/onnx';
import type { CamTail } from '../lower/cam-tail';
import type { Activation, InferenceGraph, InferenceOp } from '../types';
import { flattenPerm, hwioToOihw, permuteRows, permuteVector, samePads, type OnnxValue } from './layout';

export interface EmitOnnxOptions {
  opset: number;
  inputName: string;
  outputName: string;
  metadataProps: { key: string; value: string }[];
  producerVersion: string;
  /** Adds a second graph output `name`: per-class activation maps [batch, classes, h, w] of `tail` (pre-ReLU). */
  cam?: { name: string; tail: CamTail };
}

class OnnxBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly values = new Map<string, OnnxValue>();

  init(t: OnnxTensor): string {
    this.initializers.push(t);
    return t.name;
  }

  add(n: OnnxNode): string {
    this.nodes.push(n);
    return n.output[0] as string;
  }

  value(name: string): OnnxValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`Error in toOnnx: value ${name} is used before it is defined`);
    return v;
  }

  /** Appends the activation node (if any) after `input`; returns the tensor holding the result. */
  activation(layer: string, input: string, output: string, act: Activation, layout: OnnxValue['layout']): string {
    switch (act.kind) {
      case 'linear':
        return input;
      case 'relu':
        return this.add(node('Relu', [input], [output], [], `${layer}/Relu`));
      case 'leakyrelu':
        return this.add(node('LeakyRelu', [input], [output], [attr.float('alpha', act.alpha)], `${layer}/LeakyRelu`));
      case 'sigmoid':
        return this.add(node('Sigmoid', [input], [output], [], `${layer}/Sigmoid`));
      case 'tanh':
        return this.add(node('Tanh', [input], [output], [], `${layer}/Tanh`));
      case 'elu':
        return this.add(node('Elu', [input], [output], [attr.float('alpha', 1)], `${layer}/Elu`));
      case 'relu6': {
        const lo = this.init(floatTensor(`${layer}.clip_min`, [], Float32Array.of(0)));
        const hi = this.init(floatTensor(`${layer}.clip_max`, [], Float32Array.of(6)));
        return this.add(node('Clip', [input, lo, hi], [output], [], `${layer}/Clip`));
      }
      case 'softmax':
        return this.add(node('Softmax', [input], [output], [attr.int('axis', layout === 'nchw' ? 1 : -1)], `${layer}/Softmax`));
    }
  }
}

function emitOp(b: OnnxBuilder, op: InferenceOp): void {
  const x = b.value(op.input);
  const needs = (layout: OnnxValue['layout']): void => {
    if (x.layout !== layout) throw new Error(`Error in toOnnx: layer ${op.name} expects a ${layout} input, got ${x.layout}`);
  };
  switch (op.op) {
    case 'conv2d': {
      needs('nchw');
      const [kh, kw, cin, cout] = op.kernelShape;
      const [h, w] = x.shape as [number, number, number];
      const pads =
        op.padding === 'same'
          ? (() => {
              const [t, bt] = samePads(h, kh, op.strides[0], op.dilations[0]);
              const [l, r] = samePads(w, kw, op.strides[1], op.dilations[1]);
              return [t, l, bt, r];
            })()
          : [0, 0, 0, 0];
      const inputs = [x.name, b.init(floatTensor(`${op.name}.weight`, [cout, cin, kh, kw], hwioToOihw(op.kernel, op.kernelShape)))];
      if (op.bias !== null) inputs.push(b.init(floatTensor(`${op.name}.bias`, [cout], op.bias)));
      const convOut = op.activation.kind === 'linear' ? op.output : `${op.output}/conv`;
      b.add(
        node('Conv', inputs, [convOut], [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [...op.strides]), attr.ints('pads', pads), attr.ints('dilations', [...op.dilations]), attr.int('group', 1)], op.name),
      );
      const out = b.activation(op.name, convOut, op.output, op.activation, 'nchw');
      b.values.set(op.output, { name: out, layout: 'nchw', perm: null, shape: op.outShape });
      return;
    }
    case 'dense': {
      needs('flat');
      const [fin, fout] = op.kernelShape;
      const kernel = x.perm === null ? op.kernel : permuteRows(op.kernel, fout, x.perm);
      const inputs = [x.name, b.init(floatTensor(`${op.name}.weight`, [fin, fout], kernel))];
      if (op.bias !== null) inputs.push(b.init(floatTensor(`${op.name}.bias`, [fout], op.bias)));
      const gemmOut = op.activation.kind === 'linear' ? op.output : `${op.output}/gemm`;
      b.add(node('Gemm', inputs, [gemmOut], [], op.name));
      const out = b.activation(op.name, gemmOut, op.output, op.activation, 'flat');
      b.values.set(op.output, { name: out, layout: 'flat', perm: null, shape: op.outShape });
      return;
    }
    case 'pool': {
      needs('nchw');
      const [h, w] = x.shape as [number, number, number];
      const [kh, kw] = op.poolSize;
      const pads =
        op.padding === 'same'
          ? (() => {
              const [t, bt] = samePads(h, kh, op.strides[0]);
              const [l, r] = samePads(w, kw, op.strides[1]);
              return [t, l, bt, r];
            })()
          : [0, 0, 0, 0];
      const attrs = [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [...op.strides]), attr.ints('pads', pads)];
      if (op.kind === 'avg') attrs.push(attr.int('count_include_pad', 0));
      b.add(node(op.kind === 'max' ? 'MaxPool' : 'AveragePool', [x.name], [op.output], attrs, op.name));
      b.values.set(op.output, { name: op.output, layout: 'nchw', perm: null, shape: op.outShape });
      return;
    }
    case 'globalPool': {
      needs('nchw');
      const pooled = b.add(node(op.kind === 'max' ? 'GlobalMaxPool' : 'GlobalAveragePool', [x.name], [`${op.output}/pool`], [], op.name));
      b.add(node('Flatten', [pooled], [op.output], [attr.int('axis', 1)], `${op.name}/Flatten`));
      b.values.set(op.output, { name: op.output, layout: 'flat', perm: null, shape: op.outShape });
      return;
    }
    case 'flatten': {
      needs('nchw');
      const [h, w, c] = x.shape as [number, number, number];
      b.add(node('Flatten', [x.name], [op.output], [attr.int('axis', 1)], op.name));
      b.values.set(op.output, { name: op.output, layout: 'flat', perm: flattenPerm(h, w, c), shape: op.outShape });
      return;
    }
    case 'scaleShift': {
      const c = op.scale.length;
      const dims = x.layout === 'nchw' ? [c, 1, 1] : [c];
      const perm = x.layout === 'flat' ? x.perm : null;
      const scale = b.init(floatTensor(`${op.name}.scale`, dims, permuteVector(op.scale, perm)));
      const shift = b.init(floatTensor(`${op.name}.shift`, dims, permuteVector(op.shift, perm)));
      const mul = b.add(node('Mul', [x.name, scale], [`${op.output}/mul`], [], `${op.name}/Mul`));
      b.add(node('Add', [mul, shift], [op.output], [], `${op.name}/Add`));
      b.values.set(op.output, { ...x, name: op.output, shape: op.outShape });
      return;
    }
    case 'activation': {
      const out = b.activation(op.name, x.name, op.output, op.activation, x.layout);
      b.values.set(op.output, { ...x, name: out, shape: op.outShape });
      return;
    }
    case 'add': {
      const y = b.value(op.other);
      if (y.layout !== x.layout || (y.perm ?? []).join() !== (x.perm ?? []).join()) throw new Error(`Error in toOnnx: layer ${op.name} adds a ${x.layout} and a ${y.layout} value`);
      b.add(node('Add', [x.name, y.name], [op.output], [], op.output === op.name ? op.name : op.output));
      b.values.set(op.output, { ...x, name: op.output, shape: op.outShape });
      return;
    }
  }
}

/** CAM head: a 1x1 Conv with the classifier's weights (transposed to [classes, channels, 1, 1]) on the feature map. */
function emitCam(b: OnnxBuilder, name: string, tail: CamTail): ReturnType<typeof valueInfo> {
  const feature = b.value(tail.feature);
  const [channels, classes] = tail.dense.kernelShape;
  const weight = new Float32Array(channels * classes);
  for (let c = 0; c < channels; c++) for (let k = 0; k < classes; k++) weight[k * channels + c] = tail.dense.kernel[c * classes + k] as number;
  const w = b.init(floatTensor(`${name}.weight`, [classes, channels, 1, 1], weight));
  b.add(node('Conv', [feature.name, w], [name], [attr.ints('kernel_shape', [1, 1])], `${name}/Conv`));
  const [h, wd] = tail.featureShape;
  return valueInfo(name, ['batch', classes, h, wd]);
}

/** Writes an (optimised) InferenceGraph as an ONNX model: NHWC input, one Transpose to NCHW, NCHW Conv/Pool, Gemm. */
export function emitOnnx(graph: InferenceGraph, options: EmitOnnxOptions): OnnxModel {
  const b = new OnnxBuilder();
  const nchw = b.add(node('Transpose', [options.inputName], ['input_nchw'], [attr.ints('perm', [0, 3, 1, 2])], 'input_to_nchw'));
  b.values.set(graph.input, { name: nchw, layout: 'nchw', perm: null, shape: [...graph.inputShape] });
  for (const op of graph.ops) emitOp(b, op);

  const last = b.value(graph.output);
  if (last.layout === 'nchw') {
    b.add(node('Transpose', [last.name], [options.outputName], [attr.ints('perm', [0, 2, 3, 1])], 'output_to_nhwc'));
  } else if (last.perm !== null) {
    const inverse = new Array<number>(last.perm.length);
    last.perm.forEach((k, i) => (inverse[k] = i));
    const indices = b.init(int64Tensor('output_order', [inverse.length], inverse));
    b.add(node('Gather', [last.name, indices], [options.outputName], [attr.int('axis', 1)], 'output_to_keras_order'));
  } else {
    const producer = b.nodes.find((n) => n.output[0] === last.name);
    if (producer === undefined) b.add(node('Identity', [last.name], [options.outputName], [], 'output'));
    else producer.output[0] = options.outputName;
  }

  const outputs = [valueInfo(options.outputName, ['batch', ...graph.outputShape])];
  if (options.cam !== undefined) outputs.push(emitCam(b, options.cam.name, options.cam.tail));

  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: options.opset }],
    producerName: '@medimg/export',
    producerVersion: options.producerVersion,
    docString: `medimg ${graph.name}: input ${options.inputName} NHWC float32 (pixel scaling: see the model card, metadata_props medimg), output ${options.outputName}`,
    metadataProps: options.metadataProps,
    graph: {
      name: graph.name,
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo(options.inputName, ['batch', ...graph.inputShape])],
      output: outputs,
    },
  };
}
