import { BackendError, ModelIOError, ValidationError } from '@medimg/core';
import type { InferenceSession } from 'onnxruntime-node';
import type { OrtSessionOptions } from './types';

export type Ort = typeof import('onnxruntime-node');

let cached: Promise<Ort> | undefined;

/** Loads onnxruntime-node (an optional peer dependency) once, or explains how to get it. */
export function loadOrt(): Promise<Ort> {
  cached ??= import('onnxruntime-node').catch((error: unknown) => {
    cached = undefined;
    throw new BackendError('Error loading onnxruntime-node. Fix: npm install onnxruntime-node (needed to run ONNX models).', [
      { backend: 'onnxruntime-node', error: (error as Error).message },
    ]);
  });
  return cached;
}

/**
 * The one way medimg opens an onnxruntime session (a file path or model bytes): sequential execution, one inter-op
 * thread, `threads` intra-op threads (spinning between pieces of work unless `spinning` is false), warnings silenced. Errors name the model and are ModelIOErrors.
 */
export async function createOrtSession(model: string | Uint8Array, options: OrtSessionOptions = {}): Promise<InferenceSession> {
  const { threads, optimize = true, logSeverity = 3, level = 'all', spinning = true } = options;
  const problems: string[] = [];
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) problems.push(`threads must be an integer >= 1; got ${JSON.stringify(threads)}`);
  if (typeof spinning !== 'boolean') problems.push(`spinning must be true or false; got ${JSON.stringify(spinning)}`);
  if (problems.length > 0) throw new ValidationError('createOrtSession', problems);
  const ort = await loadOrt();
  const sessionOptions: InferenceSession.SessionOptions = {
    executionMode: 'sequential',
    interOpNumThreads: 1,
    graphOptimizationLevel: optimize ? level : 'disabled',
    logSeverityLevel: logSeverity,
    ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
    ...(options.optimizedModelFile !== undefined ? { optimizedModelFilePath: options.optimizedModelFile } : {}),
    extra: { session: { intra_op: { allow_spinning: spinning ? '1' : '0' } } },
  };
  const label = typeof model === 'string' ? model : (options.label ?? `(${model.byteLength} bytes of ONNX)`);
  try {
    return typeof model === 'string' ? await ort.InferenceSession.create(model, sessionOptions) : await ort.InferenceSession.create(model, sessionOptions);
  } catch (error) {
    throw new ModelIOError(`Error loading ONNX model ${label} in onnxruntime: ${(error as Error).message}. Fix: pass a model written by medimg export-onnx or quantize.`, label, { cause: error });
  }
}
