import * as tf from '@tensorflow/tfjs';
import { pixelScaleOf, type ImageBatch, type Preprocessing } from '@medimg/core';
import { softTargets, type SoftTargets } from './mixup';
import { batchToTensor } from './predictor';

/** Images [start, end) of a batch as a batch (views, no copy). */
export function sliceBatch(batch: ImageBatch, start: number, end: number): ImageBatch {
  const per = batch.height * batch.width * batch.channels;
  return { ...batch, size: end - start, pixels: batch.pixels.subarray(start * per, end * per), labels: batch.labels.subarray(start, end), indices: batch.indices.subarray(start, end) };
}

/** Split sizes of `size` images into near-equal micro-batches of at most `micro`. */
export function microSplits(size: number, micro: number): number[] {
  const passes = Math.ceil(size / micro);
  const base = Math.floor(size / passes);
  return Array.from({ length: passes }, (_, i) => base + (i < size % passes ? 1 : 0));
}

/**
 * One optimizer update from one batch: the class-weighted cross-entropy sum over the batch / batch size, with
 * gradients accumulated over micro-batches, so the update equals a single pass over the whole batch (for
 * layers without batch statistics). `labelSmoothing` e (default 0) trains against (1 - e) * one-hot + e / classes.
 * `targets` (e.g. of mixup.ts' mixupBatch) replaces the targets and class weights built from the labels by per-image
 * soft targets and loss weights. Pixels are fed as `scale` says (default: what the model's first layer expects).
 * Returns the batch's weighted mean loss.
 */
export function trainBatch(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  batch: ImageBatch,
  classWeights: readonly number[],
  microBatchSize: number,
  labelSmoothing = 0,
  targets?: SoftTargets,
  scale: Preprocessing['scale'] = pixelScaleOf(model),
): number {
  const numClasses = classWeights.length;
  const { targets: y, sampleWeights: w } = targets ?? softTargets(batch.labels, classWeights, labelSmoothing);
  let accumulated: tf.NamedTensorMap | undefined;
  let lossSum = 0;
  let start = 0;
  for (const size of microSplits(batch.size, microBatchSize)) {
    const slice = sliceBatch(batch, start, start + size);
    const from = start;
    start += size;
    const { value, grads } = tf.tidy(() => {
      const x = batchToTensor(slice, scale);
      const yi = tf.tensor2d(y.subarray(from * numClasses, (from + size) * numClasses), [size, numClasses]);
      const wi = tf.tensor1d(w.subarray(from, from + size));
      return optimizer.computeGradients(() => {
        const p = (model.apply(x, { training: true }) as tf.Tensor).clipByValue(1e-7, 1 - 1e-7);
        const ce = tf.neg(tf.sum(tf.mul(yi, tf.log(p)), 1));
        return tf.div(tf.sum(tf.mul(ce, wi)), batch.size) as tf.Scalar;
      }, vars);
    });
    lossSum += value.dataSync()[0] as number;
    value.dispose();
    if (accumulated === undefined) accumulated = grads;
    else {
      const previous: tf.NamedTensorMap = accumulated;
      accumulated = tf.tidy(() => {
        const sum: tf.NamedTensorMap = {};
        for (const name of Object.keys(previous)) sum[name] = tf.add(previous[name] as tf.Tensor, grads[name] as tf.Tensor);
        return sum;
      });
      tf.dispose(previous);
      tf.dispose(grads);
    }
  }
  if (accumulated !== undefined) {
    optimizer.applyGradients(accumulated as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);
    tf.dispose(accumulated);
  }
  return lossSum;
}

/** Sets the learning rate of a tfjs optimizer (read on every applyGradients). */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
