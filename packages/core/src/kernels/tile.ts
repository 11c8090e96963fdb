import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { configWithFallback } from './fallback-config';
import { asWasmBackend } from './wasm-backend';

type Heap = Float32Array | Int32Array | Uint8Array;

/** Repeats the `length` values at `start` until they fill `length * times` values (doubling copies). */
function repeatBlock(out: Heap, start: number, length: number, times: number): void {
  const total = length * times;
  let done = length;
  while (done < total) {
    const n = Math.min(done, total - done);
    out.copyWithin(start + done, start, start + n);
    done += n;
  }
}

/**
 * Tile for wasm as block copies: along each axis, from the innermost out, the input's extent is written
 * once and then repeated `reps[axis]` times by doubling `copyWithin` (a memmove). The stock kernel
 * computes a multi-index per output element, which made the batch-norm gradient's
 * `tile(rsqrt(var), [B, H, W, 1])` the most expensive op of a training step. float32, int32 and bool;
 * other dtypes go to the stock kernel.
 */
export function makeTile(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as NamedTensorInfoMap & { x: TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return fallback(args);
    if (reps.length !== x.shape.length || x.shape.length === 0) return fallback(args);
    const wasm = asWasmBackend(args.backend);
    const rank = x.shape.length;
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const out = wasm.makeOutput(outShape, x.dtype);
    if (outShape.some((d) => d === 0)) return out;
    const src = wasm.typedArrayFromHeap(x);
    const dst = wasm.typedArrayFromHeap(out);
    const inStrides = new Array<number>(rank).fill(1);
    const outStrides = new Array<number>(rank).fill(1);
    for (let i = rank - 2; i >= 0; i--) {
      inStrides[i] = (inStrides[i + 1] as number) * (x.shape[i + 1] as number);
      outStrides[i] = (outStrides[i + 1] as number) * (outShape[i + 1] as number);
    }
    const fill = (axis: number, from: number, to: number): void => {
      const extent = x.shape[axis] as number;
      if (axis === rank - 1) {
        dst.set(src.subarray(from, from + extent), to);
      } else {
        const inStride = inStrides[axis] as number;
        const outStride = outStrides[axis] as number;
        for (let i = 0; i < extent; i++) fill(axis + 1, from + i * inStride, to + i * outStride);
      }
      repeatBlock(dst, to, extent * (outStrides[axis] as number), reps[axis] as number);
    };
    fill(0, 0, 0);
    return out;
  };
}

/** Tile config wrapping `original` (the stock wasm kernel, for other dtypes). */
export function tileConfig(original: KernelConfig | undefined): KernelConfig {
  return configWithFallback(tf.Tile, original, makeTile);
}
