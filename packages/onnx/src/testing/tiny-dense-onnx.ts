import { modelCardToMetadataProps, type ModelCard } from '@medimg/core';
import { floatTensor, int64Tensor, node, valueInfo } from '../builders';
import type { OnnxModel } from '../types';

/** A tiny classifier for tests: its square gray input side, dense weights and card. */
export interface TinyDenseOnnxOptions {
  /** Input side: the graph takes [batch, side, side, 1] raw pixels. */
  side: number;
  /** Dense kernel, [side * side, 2] row-major. */
  kernel: Float32Array;
  /** Dense bias of the 2 classes. */
  bias: Float32Array;
  /** Written into the model's metadata (what predictors read). */
  card: ModelCard;
}

/** input [batch, side, side, 1] -> x/255 (in graph) -> flatten -> dense(2) -> softmax `probabilities` (opset 13; tests only). */
export function tinyDenseOnnx(o: TinyDenseOnnxOptions): OnnxModel {
  const k = o.side * o.side;
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'medimg-test',
    producerVersion: '0',
    metadataProps: modelCardToMetadataProps(o.card),
    graph: {
      name: 'tiny',
      input: [valueInfo('input', ['batch', o.side, o.side, 1])],
      output: [valueInfo('probabilities', ['batch', 2])],
      initializer: [floatTensor('scale', [], Float32Array.of(1 / 255)), int64Tensor('shape', [2], [-1, k]), floatTensor('W', [k, 2], o.kernel), floatTensor('b', [2], o.bias)],
      node: [
        node('Mul', ['input', 'scale'], ['scaled']),
        node('Reshape', ['scaled', 'shape'], ['flat']),
        node('MatMul', ['flat', 'W'], ['mm']),
        node('Add', ['mm', 'b'], ['logits']),
        node('Softmax', ['logits'], ['probabilities'], []),
      ],
    },
  };
}
