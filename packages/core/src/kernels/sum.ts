import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { configWithFallback } from './fallback-config';
import { columnSums, leadingReduction } from './leading-axes';
import { asWasmBackend } from './wasm-backend';

/**
 * Sum for wasm when the reduced axes are the leading ones (bias / batch-norm gradients reduce NHWC
 * tensors over [0, 1, 2]): column sums of `[rows, C]` straight from the heap, accumulated in float64,
 * instead of the stock kernel's full transpose followed by an inner-axis sum. float32 and int32 (int32
 * wraps like a 32-bit sum); other axes and dtypes go to the stock kernel.
 */
export function makeSum(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as NamedTensorInfoMap & { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return fallback(args);
    const plan = leadingReduction(x.shape, axis, keepDims);
    if (plan === undefined) return fallback(args);
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput(plan.outShape, x.dtype);
    if (plan.cols === 0) return out;
    const sums = columnSums(wasm.typedArrayFromHeap(x), plan.rows, plan.cols);
    wasm.typedArrayFromHeap(out).set(sums);
    return out;
  };
}

/** Sum config wrapping `original` (the stock wasm kernel). */
export function sumConfig(original: KernelConfig | undefined): KernelConfig {
  return configWithFallback(tf.Sum, original, makeSum);
}
