import type { ImageBatch, LabeledImageSet } from '@medimg/core';
import { ValidationError } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';

/** Checks the image set's shape against the model's (fixed) input dims. */
export function checkInputShape(model: OnnxModel, set: LabeledImageSet, role: string): void {
  const dims = model.graph.input.find((v) => !model.graph.initializer.some((t) => t.name === v.name))?.dims ?? [];
  const want = dims.slice(1);
  const got = [...set.shape];
  const bad = want.length !== 3 || want.some((d, i) => typeof d === 'number' && d > 0 && d !== got[i]);
  if (bad) {
    throw new ValidationError('quantize', [`${role} images are ${got.join('x')} but the model input is [${dims.join(', ')}] (NHWC). Fix: load the images with the model's preprocessing (imageSize, channels)`]);
  }
}

/** The first `limit` images of a set in a seeded order, in batches. */
export async function* limitedBatches(set: LabeledImageSet, limit: number, batchSize: number, seed: number | undefined): AsyncGenerator<ImageBatch> {
  let left = Math.min(limit, set.size);
  const opts = seed === undefined ? { batchSize } : { batchSize, shuffleSeed: seed };
  for await (const batch of set.batches(opts)) {
    if (left <= 0) break;
    if (batch.size <= left) {
      left -= batch.size;
      yield batch;
      continue;
    }
    const n = left;
    const per = batch.height * batch.width * batch.channels;
    left = 0;
    yield { ...batch, size: n, pixels: batch.pixels.subarray(0, n * per), labels: batch.labels.subarray(0, n), indices: batch.indices.subarray(0, n) };
  }
}
