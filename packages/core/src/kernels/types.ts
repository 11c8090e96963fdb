import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** Identity of a tensor's storage inside a backend. */
export type DataId = TensorInfo['dataId'];

/** Per-tensor bookkeeping of the wasm backend (the members medimg's kernels read). */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
}

/**
 * The members of tfjs-backend-wasm's `BackendWasm` that medimg's kernels use. Declared structurally
 * so the kernels do not depend on the emscripten module typings shipped with the package.
 */
export interface WasmBackend {
  readonly dataIdMap: {
    get(dataId: DataId): WasmTensorData | undefined;
    delete(dataId: DataId): boolean;
  };
  readonly wasm: {
    readonly HEAPU8: Uint8Array;
    readonly tfjs: { disposeData(id: number): void };
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Shape of a rank-4 NHWC tensor. */
export type Shape4D = [number, number, number, number];
