import * as ort from 'onnxruntime-node';
import { ModelIOError, ValidationError, type ImageBatch } from '@medimg/core';
import { basename } from 'node:path';
import { hashModelPath } from '../hash';
import { toFloatInput } from '../input';
import type { EngineInfo, EngineOptions, ImageShape, InferenceEngine } from '../types';
import { imageShapeOf } from './shape';

/**
 * onnxruntime-node (CPU execution provider) on one `.onnx` file, FP32 or INT8 alike: the precision is
 * the file's. Inputs are NHWC floats as medimg exports them; `threads` sets intraOpNumThreads.
 */
export function onnxruntimeEngine(defaultPrecision: string): (options: EngineOptions) => InferenceEngine {
  return (options) => {
    let session: ort.InferenceSession | null = null;
    let shape: ImageShape | null = null;
    let inputName = '';
    let outputName = '';
    return {
      name: defaultPrecision === 'fp32' ? 'onnxruntime' : `onnxruntime-${defaultPrecision}`,
      backend: 'onnxruntime-cpu',
      precision: options.precision ?? defaultPrecision,
      supportsThreads: true,
      async load(): Promise<EngineInfo> {
        const { path, label } = options.model;
        if (path === undefined) throw new ValidationError('onnxruntime engine', ['model.path (an .onnx file) is required']);
        const sessionOptions: ort.InferenceSession.SessionOptions = { executionMode: 'sequential', interOpNumThreads: 1, graphOptimizationLevel: 'all' };
        if (options.threads !== undefined) sessionOptions.intraOpNumThreads = options.threads;
        try {
          session = await ort.InferenceSession.create(path, sessionOptions);
        } catch (error) {
          throw new ModelIOError(`Error loading ONNX model ${path}: ${(error as Error).message}. Fix: pass a model written by medimg export/quantize.`, path, { cause: error });
        }
        const meta = session.inputMetadata[0];
        inputName = session.inputNames[0] ?? '';
        outputName = session.outputNames[0] ?? '';
        shape = imageShapeOf(meta !== undefined && meta.isTensor ? meta.shape : [], `onnxruntime engine (${path})`);
        return { inputShape: shape, modelHash: await hashModelPath(path), modelLabel: label ?? basename(path), threads: options.threads ?? null };
      },
      async run(batch: Float32Array | ImageBatch, batchSize: number): Promise<Float32Array> {
        if (session === null || shape === null) throw new ValidationError('onnxruntime engine', ['run() before load()']);
        const input = toFloatInput(batch, batchSize, shape, 'onnxruntime engine');
        const feeds = { [inputName]: new ort.Tensor('float32', input, [batchSize, ...shape]) };
        const out = await session.run(feeds);
        const tensor = out[outputName];
        if (tensor === undefined) throw new ModelIOError(`onnxruntime engine: output ${outputName} missing`, options.model.path ?? '');
        return tensor.data as Float32Array;
      },
      async dispose(): Promise<void> {
        await session?.release();
        session = null;
      },
    };
  };
}
