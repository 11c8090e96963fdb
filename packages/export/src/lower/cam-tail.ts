import type { DenseOp, InferenceGraph, InferenceOp } from '../types';

/** Where a class activation map can be read off an InferenceGraph. */
export interface CamTail {
  /** Value name of the feature map the map is computed on (the last conv block's activations). */
  feature: string;
  /** [height, width, channels] of that feature map. */
  featureShape: [number, number, number];
  /** The classifier whose weights turn the feature map into per-class maps. */
  dense: DenseOp;
  /** The output activation after the classifier's logits. */
  activation: 'softmax' | 'sigmoid' | 'linear';
}

/**
 * Finds a tail `feature -> [MaxPool | AveragePool] -> GlobalAveragePool -> Dense (-> softmax | sigmoid)` ending at the
 * graph output. There, Grad-CAM of a class logit w.r.t. `feature` equals the CAM sum_c W[c, k] * feature_c (up to a
 * positive factor): the pool passes each window's gradient to its inputs, summing to W[c, k] / (h * w) per channel.
 * Returns the reason when the graph has no such tail.
 */
export function findCamTail(graph: InferenceGraph): CamTail | { reason: string } {
  const producer = (value: string): InferenceOp | undefined => graph.ops.find((o) => o.output === value);
  let op = producer(graph.output);
  let activation: CamTail['activation'] | undefined;
  if (op?.op === 'activation' && (op.activation.kind === 'softmax' || op.activation.kind === 'sigmoid')) {
    activation = op.activation.kind;
    op = producer(op.input);
  }
  if (op?.op !== 'dense') return { reason: 'the output is not computed by a Dense layer' };
  const dense = op;
  const own = dense.activation.kind;
  if (own !== 'softmax' && own !== 'sigmoid' && own !== 'linear') return { reason: `the output Dense has activation ${own}` };
  if (activation !== undefined && own !== 'linear') return { reason: `the output Dense has activation ${own} before another ${activation}` };
  const gap = producer(dense.input);
  if (gap?.op !== 'globalPool' || gap.kind !== 'avg') return { reason: 'the output Dense does not read a GlobalAveragePooling2D' };
  const before = producer(gap.input);
  const feature = before?.op === 'pool' ? before.input : gap.input;
  const source = producer(feature);
  if (source === undefined || source.outShape.length !== 3) return { reason: 'the global pooling does not read a conv feature map' };
  return { feature, featureShape: source.outShape as [number, number, number], dense, activation: activation ?? own };
}
