import type { InferenceSession } from 'onnxruntime-node';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import { ModelIOError, ValidationError, type ImageBatch, type Preprocessing } from '@medimg/core';
import { basename } from 'node:path';
import { hashModelPath } from '../hash';
import { toFloatInput } from '../input';
import type { EngineInfo, EngineOptions, ImageShape, InferenceEngine } from '../types';
import { pixelScaleOfFile } from './pixel-scale';
import { imageShapeOf } from './shape';

/**
 * onnxruntime-node (CPU execution provider) on one `.onnx` file, FP32 or INT8 alike: the precision is
 * the file's. Inputs are NHWC floats as medimg exports them; `threads` sets intraOpNumThreads.
 */
export function onnxruntimeEngine(defaultPrecision: string): (options: EngineOptions) => InferenceEngine {
  return (options) => {
    let session: InferenceSession | null = null;
    let shape: ImageShape | null = null;
    let scale: Preprocessing['scale'] = 'unit';
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
        session = await createOrtSession(path, options.threads !== undefined ? { threads: options.threads } : {});
        scale = await pixelScaleOfFile(path);
        const meta = session.inputMetadata[0];
        inputName = session.inputNames[0] ?? '';
        outputName = session.outputNames[0] ?? '';
        shape = imageShapeOf(meta !== undefined && meta.isTensor ? meta.shape : [], `onnxruntime engine (${path})`);
        return { inputShape: shape, modelHash: await hashModelPath(path), modelLabel: label ?? basename(path), threads: options.threads ?? null, pixelScale: scale };
      },
      async run(batch: Float32Array | ImageBatch, batchSize: number): Promise<Float32Array> {
        if (session === null || shape === null) throw new ValidationError('onnxruntime engine', ['run() before load()']);
        const input = toFloatInput(batch, batchSize, shape, 'onnxruntime engine', scale);
        const ort = await loadOrt();
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
