import { createRng, modelInput, unitToModelInput, ValidationError, type ImageBatch, type Preprocessing } from '@medimg/core';
import type { ImageShape } from './types';

/** An ImageBatch's pixels as the model takes them (core `modelInput`: raw for in-graph rescaling, else / 255). */
export function batchToFloats(batch: ImageBatch, scale: Preprocessing['scale'] = 'unit'): Float32Array {
  return modelInput(batch.pixels, scale);
}

/** Seeded uniform noise for `batchSize` images of `shape`, in the model's input units (pixel range). */
export function noiseInput(shape: ImageShape, batchSize: number, seed: number, scale: Preprocessing['scale'] = 'unit'): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(batchSize * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < out.length; i++) out[i] = rng.next();
  return unitToModelInput(out, scale);
}

/** Checks an input's length against `batchSize` images of `shape`; returns it as floats. */
export function toFloatInput(batch: Float32Array | ImageBatch, batchSize: number, shape: ImageShape, where: string, scale: Preprocessing['scale'] = 'unit'): Float32Array {
  const floats = batch instanceof Float32Array ? batch : batchToFloats(batch, scale);
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
