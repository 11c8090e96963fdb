import * as tf from '@tensorflow/tfjs';

/** A reduction over the leading axes of a tensor, seen as a row-major `[rows, cols]` matrix. */
export interface LeadingReduction {
  rows: number;
  cols: number;
  outShape: number[];
}

/**
 * Describes a reduction of `shape` over `axis` as summing the rows of `[rows, cols]` when the reduced
 * axes are exactly the leading ones (`[0..k-1]`, in any order, `k >= 1`; all axes gives `cols = 1`).
 * Returns undefined for any other axes (left to the stock kernels, which need no transpose when the
 * reduced axes are the innermost ones).
 */
export function leadingReduction(shape: number[], axis: number | number[], keepDims: boolean): LeadingReduction | undefined {
  const axes = [...new Set(tf.util.parseAxisParam(axis, shape))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.some((a, i) => a !== i)) return undefined;
  const rows = tf.util.sizeFromShape(shape.slice(0, axes.length));
  const kept = shape.slice(axes.length);
  const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  return { rows, cols: tf.util.sizeFromShape(kept), outShape };
}

/** Column sums of the row-major `[rows, cols]` matrix `x`, accumulated in float64. */
export function columnSums(x: Float32Array | Int32Array | Uint8Array, rows: number, cols: number): Float64Array {
  const acc = new Float64Array(cols);
  if (cols === 1) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += x[i] as number;
    acc[0] = s;
    return acc;
  }
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) + (x[base + c] as number);
  }
  return acc;
}
