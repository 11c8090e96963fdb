import type { TensorInfo } from '@tensorflow/tfjs';
import type { Shape4D, WasmBackend } from './types';
import { f32, zeros } from './wasm-backend';

/** Geometry of a zero-padded, channel-major copy of an NHWC tensor. */
export interface PaddedLayout {
  /** Padded height and width. */
  height: number;
  width: number;
  /** Rows and columns of zeros before the data. */
  top: number;
  left: number;
  /** Zero floats appended after the last channel plane (room for shifted views). */
  slack: number;
}

/**
 * Copies NHWC `x` into a new float32 tensor laid out [C, N, height, width] (+ `slack` zeros), with `x`
 * placed at (top, left) of each zero-padded plane; rows/columns beyond the padded size are dropped.
 * Returned shape is [C * N * height * width + slack].
 */
export function channelMajorPadded(backend: WasmBackend, x: TensorInfo, shape: Shape4D, layout: PaddedLayout): TensorInfo {
  const [batch, inH, inW, channels] = shape;
  const { height, width, top, left, slack } = layout;
  const plane = batch * height * width;
  const out = zeros(backend, [channels * plane + slack]);
  const src = f32(backend, x);
  const dst = f32(backend, out);
  const hEnd = Math.min(inH, height - top);
  const wEnd = Math.min(inW, width - left);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < hEnd; h++) {
      let s = ((b * inH + h) * inW) * channels;
      let d = (b * height + h + top) * width + left;
      for (let w = 0; w < wEnd; w++, d++, s += channels) {
        let dc = d;
        for (let c = 0; c < channels; c++, dc += plane) dst[dc] = src[s + c] as number;
      }
    }
  }
  return out;
}
