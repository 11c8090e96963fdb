import * as ort from 'onnxruntime-node';
import type { ImageBatch, LabeledImageSet } from '@medimg/core';
import { ValidationError } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';

/** Creates an onnxruntime session on model bytes (sequential, one inter-op thread, warnings silenced; `optimize: false` keeps every node, for calibration). */
export function createSession(bytes: Uint8Array, options: { intraOpNumThreads?: number; optimize?: boolean } = {}): Promise<ort.InferenceSession> {
  const { intraOpNumThreads, optimize = true } = options;
  return ort.InferenceSession.create(bytes, {
    interOpNumThreads: 1,
    graphOptimizationLevel: optimize ? 'all' : 'disabled',
    executionMode: 'sequential',
    logSeverityLevel: 3,
    ...(intraOpNumThreads !== undefined ? { intraOpNumThreads } : {}),
  });
}

/** NHWC float input (pixels / 255) of a batch. */
export function batchTensor(batch: ImageBatch): ort.Tensor {
  const data = new Float32Array(batch.pixels.length);
  for (let i = 0; i < data.length; i++) data[i] = (batch.pixels[i] as number) / 255;
  return new ort.Tensor('float32', data, [batch.size, batch.height, batch.width, batch.channels]);
}

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

/** Runs a model over a set: probabilities [n, classes] and labels, in set order. */
export async function predictSet(
  session: ort.InferenceSession,
  set: LabeledImageSet,
  options: { limit?: number; batchSize: number; onBatch?: (done: number) => void },
): Promise<{ probabilities: Float32Array; labels: Int32Array; classes: number }> {
  const inputName = session.inputNames[0] ?? 'input';
  const outputName = session.outputNames[0] ?? 'probabilities';
  const chunks: Float32Array[] = [];
  const labels: number[] = [];
  let classes = 0;
  for await (const batch of limitedBatches(set, options.limit ?? set.size, options.batchSize, undefined)) {
    const out = await session.run({ [inputName]: batchTensor(batch) });
    const t = out[outputName];
    if (t === undefined) throw new Error(`Error in quantize: the model gave no output ${outputName}`);
    classes = Number(t.dims[1] ?? 1);
    chunks.push(Float32Array.from(t.data as Float32Array));
    labels.push(...batch.labels);
    options.onBatch?.(labels.length);
  }
  const probabilities = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    probabilities.set(c, at);
    at += c.length;
  }
  return { probabilities, labels: Int32Array.from(labels), classes };
}
