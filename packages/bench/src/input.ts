import { createRng, ValidationError, type ImageBatch } from '@medimg/core';
import type { ImageShape } from './types';

/** An ImageBatch's pixels as NHWC floats in [0, 1] (models see pixels / 255). */
export function batchToFloats(batch: ImageBatch): Float32Array {
  const out = new Float32Array(batch.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = (batch.pixels[i] as number) / 255;
  return out;
}

/** Seeded uniform [0, 1) noise for `batchSize` images of `shape`. */
export function noiseInput(shape: ImageShape, batchSize: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(batchSize * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < out.length; i++) out[i] = rng.next();
  return out;
}

/** Checks an input's length against `batchSize` images of `shape`; returns it as floats. */
export function toFloatInput(batch: Float32Array | ImageBatch, batchSize: number, shape: ImageShape, where: string): Float32Array {
  const floats = batch instanceof Float32Array ? batch : batchToFloats(batch);
  const want = batchSize * shape[0] * shape[1] * shape[2];
  if (floats.length !== want) {
    throw new ValidationError(where, [`input has ${floats.length} values; expected ${batchSize} x ${shape.join('x')} = ${want}. Fix: feed NHWC images of the model's input shape.`]);
  }
  return floats;
}

/** The first `count` images of `source` (repeated cyclically when it holds fewer), as NHWC floats. */
export function tileImages(source: Float32Array, imageSize: number, count: number): Float32Array {
  const available = Math.floor(source.length / imageSize);
  if (available < 1) throw new ValidationError('tileImages', ['input holds no complete image']);
  const out = new Float32Array(count * imageSize);
  for (let i = 0; i < count; i++) out.set(source.subarray((i % available) * imageSize, ((i % available) + 1) * imageSize), i * imageSize);
  return out;
}
