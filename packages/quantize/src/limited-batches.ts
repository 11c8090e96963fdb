import type { ImageBatch, LabeledImageSet } from '@medimg/core';

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
