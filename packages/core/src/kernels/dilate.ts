import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './types';
import { f32, shape4, zeros } from './wasm-backend';

/**
 * Zero-dilates NHWC `x` spatially: out[b, h*sh, w*sw, c] = x[b, h, w, c], zeros between, giving
 * shape [B, (H-1)*sh+1, (W-1)*sw+1, C].
 */
export function dilateSpatial(backend: WasmBackend, x: TensorInfo, sh: number, sw: number): TensorInfo {
  const [B, H, W, C] = shape4(x.shape, 'x');
  const Hd = (H - 1) * sh + 1;
  const Wd = (W - 1) * sw + 1;
  const out = zeros(backend, [B, Hd, Wd, C]);
  const src = f32(backend, x);
  const dst = f32(backend, out);
  let s = 0;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let d = ((b * Hd + h * sh) * Wd) * C;
      for (let w = 0; w < W; w++, s += C, d += sw * C) dst.set(src.subarray(s, s + C), d);
    }
  }
  return out;
}
