import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { Shape4D, WasmBackend } from './types';

/** Narrows the `backend` a kernelFunc receives to the wasm members medimg's kernels use. */
export function asWasmBackend(backend: unknown): WasmBackend {
  const b = backend as Partial<WasmBackend> | null;
  if (b == null || typeof b.typedArrayFromHeap !== 'function' || typeof b.makeOutput !== 'function') {
    throw new Error('medimg wasm training kernel called with a non-wasm backend');
  }
  return b as WasmBackend;
}

/** Float32 view of a tensor's data on the wasm heap (valid until the heap grows). */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return view;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function heapOffset(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('tensor is not stored on the wasm backend');
  return data.memoryOffset;
}

/** Allocates a float32 output tensor filled with zeros. */
export function zeros(backend: WasmBackend, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  f32(backend, out).fill(0);
  return out;
}

/**
 * A tensor aliasing `size` floats of another tensor's heap memory starting at float `start`. Release it
 * with `releaseView`, never with `disposeData` (which would free memory the view does not own).
 */
export function makeView(backend: WasmBackend, owner: TensorInfo, start: number, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32', heapOffset(backend, owner) + start * 4);
}

/** Forgets a view made by `makeView` without freeing the memory it aliases. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  if (data === undefined) return;
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/** Runs a wasm kernel function directly (no engine bookkeeping); the caller owns the result. */
export function runKernel(
  kernelFunc: tf.KernelFunc,
  backend: WasmBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
): TensorInfo {
  const out = kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('expected a kernel with a single output');
  return out;
}

/** The registered wasm kernel function for `kernelName`; throws when there is none. */
export function wasmKernelFunc(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel`);
  return config.kernelFunc;
}

/** Narrows a tfjs shape to rank 4. */
export function shape4(shape: readonly number[], what: string): Shape4D {
  const [a, b, c, d] = shape;
  if (shape.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined) {
    throw new Error(`${what} must be rank 4, got shape [${shape.join(', ')}]`);
  }
  return [a, b, c, d];
}
