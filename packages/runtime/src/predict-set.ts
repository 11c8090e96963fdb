import { ValidationError, type ImageBatch, type LabeledImageSet, type Predictor } from '@medimg/core';

/** Options of `predictSet`. Defaults: batchSize 32, limit: the whole set. */
export interface PredictSetOptions {
  batchSize?: number;
  /** Only the first `limit` images (in set order). */
  limit?: number;
  /** Called after each batch with the number of images done. */
  onBatch?: (done: number) => void;
}

/** Runs a predictor over (the first `limit` images of) a labelled set: probabilities [n * classes] and labels, in set order. */
export async function predictSet(predictor: Pick<Predictor, 'predict' | 'numClasses'>, set: LabeledImageSet, options: PredictSetOptions = {}): Promise<{ probabilities: Float32Array; labels: Int32Array }> {
  const k = predictor.numClasses;
  const n = Math.min(options.limit ?? set.size, set.size);
  const probabilities = new Float32Array(n * k);
  const labels = new Int32Array(n);
  let done = 0;
  for await (const full of set.batches({ batchSize: options.batchSize ?? 32 })) {
    if (done >= n) break;
    const batch: ImageBatch = full.size <= n - done ? full : truncate(full, n - done);
    const probs = await predictor.predict(batch);
    if (probs.length !== batch.size * k) throw new ValidationError('predictSet', [`the predictor returned ${probs.length} values for ${batch.size} images x ${k} classes`]);
    for (let j = 0; j < batch.size; j++) {
      const index = batch.indices[j] as number;
      probabilities.set(probs.subarray(j * k, (j + 1) * k), index * k);
      labels[index] = batch.labels[j] as number;
    }
    done += batch.size;
    options.onBatch?.(done);
  }
  return { probabilities, labels };
}

function truncate(batch: ImageBatch, size: number): ImageBatch {
  const per = batch.height * batch.width * batch.channels;
  return { ...batch, size, pixels: batch.pixels.subarray(0, size * per), labels: batch.labels.subarray(0, size), indices: batch.indices.subarray(0, size) };
}
