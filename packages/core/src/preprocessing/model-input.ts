import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../dataset-types';
import type { Preprocessing } from '../types';

/**
 * The one place pixels become model input: NHWC float32, raw 0..255 for `scale: 'in-graph'` models (the model
 * rescales), value / 255 for `scale: 'unit'` models (saved before the model card).
 */
export function modelInput(pixels: Uint8Array, scale: Preprocessing['scale']): Float32Array {
  const out = new Float32Array(pixels.length);
  if (scale === 'in-graph') out.set(pixels);
  else for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}

/** `modelInput` as a tfjs tensor [size, height, width, channels] (the caller disposes it, or calls this in tf.tidy). */
export function modelInputTensor(batch: ImageBatch, scale: Preprocessing['scale']): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.tensor4d(batch.pixels, [batch.size, batch.height, batch.width, batch.channels], 'int32').toFloat();
    return (scale === 'in-graph' ? x : x.div(255)) as tf.Tensor4D;
  });
}

/** Pixel values of a model-input array back in 0..255 units (for code that synthesises inputs in [0, 1], e.g. probes). */
export function unitToModelInput(unit: Float32Array, scale: Preprocessing['scale']): Float32Array {
  if (scale === 'unit') return unit;
  const out = new Float32Array(unit.length);
  for (let i = 0; i < unit.length; i++) out[i] = (unit[i] as number) * 255;
  return out;
}

/** Runs a LayersModel (softmax output) on a batch fed as `scale` says; returns the probabilities (no tensors left behind). */
export async function predictLayersModel(model: tf.LayersModel, batch: ImageBatch, scale: Preprocessing['scale']): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(modelInputTensor(batch, scale)) as tf.Tensor);
  try {
    return new Float32Array(await out.data());
  } finally {
    out.dispose();
  }
}
