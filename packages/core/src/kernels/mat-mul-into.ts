import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './types';
import { f32, runKernel, wasmKernelFunc } from './wasm-backend';

/** Writes a [1, M, K] x [1, K, N] product (wasm/XNNPACK BatchMatMul) into `dw` at float `at`. */
export function matMulInto(backend: WasmBackend, a: TensorInfo, b: TensorInfo, dw: TensorInfo, at: number): void {
  const r = runKernel(wasmKernelFunc(tf.BatchMatMul), backend, { a, b }, { transposeA: false, transposeB: false });
  // Views are taken after the matmul: an allocation may grow (and detach) the wasm heap.
  f32(backend, dw).set(f32(backend, r), at);
  backend.disposeData(r.dataId);
}
