import * as tf from '@tensorflow/tfjs';
import { pixelScaleOf, type ImageBatch, type Rng } from '@medimg/core';
import { swaDecay } from './ema';
import { batchToTensor } from './predictor';
import { withSeededRandom } from './seeded-random';
import { microSplits, sliceBatch } from './train-step';

/** tfjs' BatchNormalization layer as far as this pass touches it (its moving-average momentum, read on every training call). */
interface BatchNormLayer {
  momentum: number;
}

/**
 * Recomputes the moving mean and variance of every BatchNormalization layer of `model` for its current weights:
 * a training-mode forward pass over `batches` (in micro-batches, as training computes batch statistics; dropout
 * masks from `random`) with each layer's momentum set to n / (n + 1) before pass n, so tfjs' own update moving <-
 * moving - (moving - batch) * (1 - momentum) leaves the equal-weight mean of the per-pass statistics (ema.ts'
 * `swaDecay` rule; PyTorch's update_bn with momentum None). The momenta are restored after. Returns the passes run
 * (0 for a model without batch norm, which is left as it is).
 */
export async function updateBatchStats(model: tf.LayersModel, batches: AsyncIterable<ImageBatch>, random: Rng, microBatchSize: number): Promise<number> {
  const layers = model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as BatchNormLayer[];
  if (layers.length === 0) return 0;
  const momenta = layers.map((l) => l.momentum);
  const scale = pixelScaleOf(model);
  let n = 0;
  try {
    for await (const batch of batches) {
      let start = 0;
      for (const size of microSplits(batch.size, microBatchSize)) {
        const slice = sliceBatch(batch, start, start + size);
        start += size;
        for (const l of layers) l.momentum = swaDecay(n);
        withSeededRandom(random, () => tf.tidy(() => void model.apply(batchToTensor(slice, scale), { training: true })));
        n++;
      }
    }
  } finally {
    layers.forEach((l, i) => (l.momentum = momenta[i] as number));
  }
  return n;
}
