import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { configWithFallback } from './fallback-config';
import { columnSums, leadingReduction } from './leading-axes';
import { asWasmBackend } from './wasm-backend';

/**
 * Mean for wasm when the reduced axes are the leading ones (tf.moments in batch norm reduces NHWC tensors
 * over [0, 1, 2]): float64 column sums of `[rows, C]` divided by `rows`, with no transpose. float32 or
 * int32 input, float32 output (as the stock kernel); other cases go to the stock kernel.
 */
export function makeMean(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as NamedTensorInfoMap & { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return fallback(args);
    const plan = leadingReduction(x.shape, axis, keepDims);
    if (plan === undefined || plan.rows === 0) return fallback(args);
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput(plan.outShape, 'float32');
    if (plan.cols === 0) return out;
    const sums = columnSums(wasm.typedArrayFromHeap(x), plan.rows, plan.cols);
    const values = wasm.typedArrayFromHeap(out);
    for (let c = 0; c < plan.cols; c++) values[c] = (sums[c] as number) / plan.rows;
    return out;
  };
}

/** Mean config wrapping `original` (the stock wasm kernel). */
export function meanConfig(original: KernelConfig | undefined): KernelConfig {
  return configWithFallback(tf.Mean, original, makeMean);
}
