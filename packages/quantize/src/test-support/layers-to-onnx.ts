import * as tf from '@tensorflow/tfjs';
import { attr, floatTensor, node, valueInfo, type OnnxModel, type OnnxNode, type OnnxTensor } from '@medimg/onnx';

/**
 * A test-only converter of sequential tfjs LayersModels (conv2d stride 1 same/valid, batch norm folded into the conv,
 * relu / leaky relu, max pooling, global average pooling, flatten, dense, dropout) into the graph shape @medimg/export
 * writes: NHWC input 'input' -> Transpose -> NCHW ops -> Softmax 'probabilities'. Flatten keeps tfjs's NHWC order by
 * permuting the next dense kernel's rows.
 */
export function layersToOnnx(model: tf.LayersModel, classNames: string[]): OnnxModel {
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  let x = 'input_nchw';
  nodes.push(node('Transpose', ['input'], [x], [attr.ints('perm', [0, 3, 1, 2])], 'to_nchw'));
  let flattenedFrom: [number, number, number] | null = null;
  let pendingConv: { name: string; w: Float32Array; dims: number[]; b: Float32Array | null; out: string; idx: number } | null = null;
  const act = (name: string, a: string | undefined): void => {
    if (a === 'relu') {
      nodes.push(node('Relu', [x], [`${name}_relu`], [], `${name}_relu`));
      x = `${name}_relu`;
    } else if (a === 'softmax') {
      nodes.push(node('Softmax', [x], ['probabilities'], [attr.int('axis', 1)], `${name}_softmax`));
      x = 'probabilities';
    }
  };
  const flushConv = (): void => {
    if (pendingConv === null) return;
    const c = pendingConv;
    inits.push(floatTensor(`${c.name}_W`, c.dims, c.w));
    if (c.b !== null) inits.push(floatTensor(`${c.name}_B`, [c.b.length], c.b));
    pendingConv = null;
  };
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    const weights = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    const name = layer.name;
    if (cls === 'InputLayer' || cls === 'Dropout') continue;
    if (cls !== 'BatchNormalization') flushConv();
    if (cls === 'Conv2D') {
      const k = weights[0] as Float32Array;
      const [kh, kw, ci, co] = layer.getWeights()[0]?.shape as [number, number, number, number];
      const w = new Float32Array(k.length);
      for (let h = 0; h < kh; h++) for (let v = 0; v < kw; v++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) w[((o * ci + i) * kh + h) * kw + v] = k[((h * kw + v) * ci + i) * co + o] as number;
      const same = cfg['padding'] === 'same';
      const strides = (cfg['strides'] as number[]) ?? [1, 1];
      const p = Math.floor(kh / 2);
      const attrs = [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', strides)];
      if (same && (strides[0] ?? 1) === 1) attrs.push(attr.ints('pads', [p, p, p, p]));
      else if (same) attrs.push(attr.string('auto_pad', 'SAME_UPPER'));
      const bias = weights[1] ?? null;
      nodes.push(node('Conv', bias === null ? [x, `${name}_W`] : [x, `${name}_W`, `${name}_B`], [`${name}_out`], attrs, name));
      pendingConv = { name, w, dims: [co, ci, kh, kw], b: bias, out: `${name}_out`, idx: nodes.length - 1 };
      x = `${name}_out`;
      act(name, cfg['activation'] as string);
    } else if (cls === 'BatchNormalization') {
      const c = pendingConv;
      if (c === null) throw new Error(`layersToOnnx: batch norm ${name} does not follow a conv`);
      const [gamma, beta, mean, variance] = weights as [Float32Array, Float32Array, Float32Array, Float32Array];
      const eps = (cfg['epsilon'] as number) ?? 1e-3;
      const co = c.dims[0] as number;
      const per = c.w.length / co;
      const b = new Float32Array(co);
      for (let o = 0; o < co; o++) {
        const s = (gamma[o] as number) / Math.sqrt((variance[o] as number) + eps);
        for (let i = 0; i < per; i++) c.w[o * per + i] = (c.w[o * per + i] as number) * s;
        b[o] = (beta[o] as number) + ((c.b?.[o] ?? 0) - (mean[o] as number)) * s;
      }
      c.b = b;
      const conv = nodes[c.idx] as OnnxNode;
      nodes[c.idx] = { ...conv, input: [conv.input[0] ?? '', `${c.name}_W`, `${c.name}_B`] };
    } else if (cls === 'ReLU') {
      act(name, 'relu');
    } else if (cls === 'LeakyReLU') {
      nodes.push(node('LeakyRelu', [x], [`${name}_out`], [attr.float('alpha', (cfg['alpha'] as number) ?? 0.3)], name));
      x = `${name}_out`;
    } else if (cls === 'MaxPooling2D') {
      const pool = cfg['poolSize'] as number[];
      nodes.push(node('MaxPool', [x], [`${name}_out`], [attr.ints('kernel_shape', pool), attr.ints('strides', (cfg['strides'] as number[]) ?? pool)], name));
      x = `${name}_out`;
    } else if (cls === 'GlobalAveragePooling2D') {
      nodes.push(node('GlobalAveragePool', [x], [`${name}_gap`], [], name), node('Flatten', [`${name}_gap`], [`${name}_out`], [attr.int('axis', 1)], `${name}_flatten`));
      x = `${name}_out`;
    } else if (cls === 'Flatten') {
      const shape = (layer.input as tf.SymbolicTensor).shape as number[];
      flattenedFrom = [shape[1] ?? 1, shape[2] ?? 1, shape[3] ?? 1];
      nodes.push(node('Flatten', [x], [`${name}_out`], [attr.int('axis', 1)], name));
      x = `${name}_out`;
    } else if (cls === 'Dense') {
      const k = weights[0] as Float32Array;
      const [rows, cols] = layer.getWeights()[0]?.shape as [number, number];
      let w = k;
      if (flattenedFrom !== null) {
        const [H, W, C] = flattenedFrom;
        w = new Float32Array(k.length);
        for (let h = 0; h < H; h++) for (let v = 0; v < W; v++) for (let c = 0; c < C; c++) w.set(k.subarray(((h * W + v) * C + c) * cols, ((h * W + v) * C + c + 1) * cols), ((c * H + h) * W + v) * cols);
        flattenedFrom = null;
      }
      inits.push(floatTensor(`${name}_W`, [rows, cols], w));
      nodes.push(node('MatMul', [x, `${name}_W`], [`${name}_mm`], [], name));
      x = `${name}_mm`;
      const bias = weights[1];
      if (bias !== undefined) {
        inits.push(floatTensor(`${name}_B`, [cols], bias));
        nodes.push(node('Add', [x, `${name}_B`], [`${name}_out`], [], `${name}_add`));
        x = `${name}_out`;
      }
      act(name, cfg['activation'] as string);
    } else {
      throw new Error(`layersToOnnx: layer ${name} (${cls}) not supported`);
    }
  }
  flushConv();
  if (x !== 'probabilities') throw new Error('layersToOnnx: the model must end in a softmax dense layer');
  const shape = model.inputs[0]?.shape as number[];
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'medimg-quantize-test',
    producerVersion: '0',
    metadataProps: [{ key: 'medimg', value: JSON.stringify({ classNames, positiveClass: 1, threshold: 0.5 }) }],
    graph: {
      name: model.name,
      node: nodes,
      initializer: inits,
      input: [valueInfo('input', ['batch', shape[1] ?? 1, shape[2] ?? 1, shape[3] ?? 1])],
      output: [valueInfo('probabilities', ['batch', classNames.length])],
    },
  };
}
