import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './types';
import { f32, shape4 } from './wasm-backend';

/**
 * The filter of the transposed convolution: [KH, KW, Ci, Co] -> [KH, KW, Co, Ci], spatially rotated by
 * 180 degrees, so that conv2d(dy, flipped) computes the input gradient of conv2d(x, filter).
 */
export function flipFilter(backend: WasmBackend, filter: TensorInfo): TensorInfo {
  const [KH, KW, Ci, Co] = shape4(filter.shape, 'filter');
  const out = backend.makeOutput([KH, KW, Co, Ci], 'float32');
  const src = f32(backend, filter);
  const dst = f32(backend, out);
  const taps = KH * KW;
  const block = Ci * Co;
  for (let t = 0; t < taps; t++) {
    const s0 = (taps - 1 - t) * block;
    const d0 = t * block;
    for (let ci = 0; ci < Ci; ci++) {
      let s = s0 + ci * Co;
      let d = d0 + ci;
      for (let co = 0; co < Co; co++, s++, d += Ci) dst[d] = src[s] as number;
    }
  }
  return out;
}
