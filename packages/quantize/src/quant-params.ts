import type { ActivationType, TensorRange } from './types';

/** Scale and zero point of a quantized tensor. */
export interface QParams {
  scale: number;
  zeroPoint: number;
  type: ActivationType;
}

/**
 * Activation parameters from a float range. uint8: asymmetric over [min(min,0), max(max,0)], scale = span / 255,
 * zero point rounded into [0, 255]. int8: symmetric, scale = max|x| / 127, zero point 0. A zero range gets scale 1.
 */
export function activationParams(range: TensorRange, type: ActivationType): QParams {
  const lo = Math.min(range.min, 0);
  const hi = Math.max(range.max, 0);
  if (type === 'int8') {
    const absMax = Math.max(-lo, hi);
    return { scale: absMax > 0 ? absMax / 127 : 1, zeroPoint: 0, type };
  }
  const span = hi - lo;
  if (!(span > 0)) return { scale: 1, zeroPoint: 0, type };
  const scale = span / 255;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint, type };
}

/** Per-channel (or per-tensor, channels = 1) symmetric int8 weights: scale_c = max|w_c| / 127, values in [-127, 127]. */
export function quantizeWeights(values: Float32Array, channels: number): { q: Int8Array; scales: Float32Array } {
  const per = values.length / channels;
  const q = new Int8Array(values.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let absMax = 0;
    for (let i = c * per; i < (c + 1) * per; i++) absMax = Math.max(absMax, Math.abs(values[i] as number));
    const scale = absMax > 0 ? absMax / 127 : 1;
    scales[c] = scale;
    const s = scales[c] as number;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.max(-127, Math.min(127, Math.round((values[i] as number) / s)));
  }
  return { q, scales };
}

/** int32 bias with scale_c = inputScale * weightScale_c and zero point 0 (clamped to int32). */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { q: Int32Array; scales: Float32Array } {
  const q = new Int32Array(bias.length);
  const scales = new Float32Array(bias.length);
  for (let c = 0; c < bias.length; c++) {
    const ws = weightScales.length === 1 ? (weightScales[0] as number) : (weightScales[c] as number);
    scales[c] = inputScale * ws;
    const s = scales[c] as number;
    q[c] = Math.max(-2147483647, Math.min(2147483647, Math.round((bias[c] as number) / s)));
  }
  return { q, scales };
}
