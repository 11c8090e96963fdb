export { samePads, hwioToOihw } from '@medimg/onnx';

/** Where a value lives in the ONNX graph and how its features map back to Keras (NHWC) order. */
export interface OnnxValue {
  /** ONNX tensor name. */
  name: string;
  /** `nchw` for images; `flat` for [N, F]. */
  layout: 'nchw' | 'flat';
  /** For `flat`: perm[i] = Keras feature index held at ONNX position i, or null when the orders agree. */
  perm: Int32Array | null;
  /** Keras shape without batch (NHWC or [F]). */
  shape: number[];
}

/** Feature permutation of flattening NCHW [C, H, W] where Keras flattens NHWC [H, W, C]; null when H*W == 1. */
export function flattenPerm(h: number, w: number, c: number): Int32Array | null {
  if (h * w === 1) return null;
  const perm = new Int32Array(h * w * c);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) perm[(ch * h + y) * w + x] = (y * w + x) * c + ch;
  return perm;
}

/** Rows of a [rows, cols] row-major matrix reordered so that row i is the old row perm[i]. */
export function permuteRows(data: Float32Array, cols: number, perm: Int32Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < perm.length; i++) out.set(data.subarray((perm[i] as number) * cols, ((perm[i] as number) + 1) * cols), i * cols);
  return out;
}

export function permuteVector(data: Float32Array, perm: Int32Array | null): Float32Array {
  return perm === null ? data : Float32Array.from(perm, (p) => data[p] as number);
}
