import { BackendError } from '@medimg/core';

type Ort = typeof import('onnxruntime-node');

/** Loads onnxruntime-node (an optional peer dependency) or explains how to get it. */
export async function loadOrt(): Promise<Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    throw new BackendError('Error loading onnxruntime-node. Fix: npm install onnxruntime-node (needed to run ONNX models).', [
      { backend: 'onnxruntime-node', error: (error as Error).message },
    ]);
  }
}

export function sessionOptions(threads: number | undefined): import('onnxruntime-node').InferenceSession.SessionOptions {
  const options: import('onnxruntime-node').InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', executionMode: 'sequential', interOpNumThreads: 1 };
  if (threads !== undefined) options.intraOpNumThreads = threads;
  return options;
}
