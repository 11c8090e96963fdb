import * as tf from '@tensorflow/tfjs';
import { modelInput, type BatchOptions, type LabeledImageSet, type Preprocessing } from '@medimg/core';

export interface TfDatasetOptions extends BatchOptions {
  /** Labels as one-hot float32 [n, classes] (default true) or int32 class indices [n]. */
  oneHot?: boolean;
  /** How the model takes pixels: `in-graph` (default: raw 0..255, medimg's architectures rescale) or `unit` (/ 255). */
  scale?: Preprocessing['scale'];
}

/**
 * The set as a `tf.data.Dataset` of `{ xs: float32 [n,h,w,c] as the model takes them (`scale`), ys }`. Every
 * iteration (e.g. each epoch of `model.fitDataset`) is a fresh pass with the epoch number counted up from `options.epoch`, so shuffling and
 * augmentation differ per epoch. The consumer owns (disposes) the yielded tensors.
 */
export function toTfDataset(set: LabeledImageSet, options: TfDatasetOptions): tf.data.Dataset<{ xs: tf.Tensor4D; ys: tf.Tensor }> {
  let epoch = options.epoch ?? 0;
  const oneHot = options.oneHot ?? true;
  const [h, w, c] = set.shape;
  return tf.data.generator(async function* () {
    const pass = epoch++;
    for await (const b of set.batches({ ...options, epoch: pass })) {
      const xs = tf.tensor4d(modelInput(b.pixels, options.scale ?? 'in-graph'), [b.size, h, w, c]);
      const ys = tf.tidy(() => (oneHot ? tf.oneHot(tf.tensor1d(b.labels, 'int32'), set.classNames.length).toFloat() : tf.tensor1d(b.labels, 'int32')));
      yield { xs, ys };
    }
  } as unknown as () => Iterator<{ xs: tf.Tensor4D; ys: tf.Tensor }>);
}
