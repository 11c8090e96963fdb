import * as tf from '@tensorflow/tfjs';
import { loadGraphModelDir, ValidationError, type ImageBatch, type Preprocessing } from '@medimg/core';
import { basename } from 'node:path';
import { hashModelPath } from '../hash';
import { toFloatInput } from '../input';
import type { EngineInfo, EngineOptions, ImageShape, InferenceEngine } from '../types';
import { pixelScaleOfFile } from './pixel-scale';
import { imageShapeOf } from './shape';

/** A tfjs GraphModel directory (e.g. from `medimg freeze`) on the active tfjs backend. */
export function tfjsGraphEngine(options: EngineOptions): InferenceEngine {
  let model: tf.GraphModel | null = null;
  let shape: ImageShape | null = null;
  let scale: Preprocessing['scale'] = 'unit';
  return {
    name: 'tfjs-graph',
    get backend() {
      return tf.getBackend();
    },
    precision: options.precision ?? 'fp32',
    supportsThreads: false,
    async load(): Promise<EngineInfo> {
      const { path, label } = options.model;
      if (path === undefined) throw new ValidationError('tfjs-graph engine', ['model.path (a graph model directory) is required']);
      model = await loadGraphModelDir(path);
      shape = imageShapeOf(model.inputs[0]?.shape ?? [], 'tfjs-graph engine');
      scale = await pixelScaleOfFile(path);
      return { inputShape: shape, modelHash: await hashModelPath(path), modelLabel: label ?? basename(path), threads: null, pixelScale: scale };
    },
    async run(batch: Float32Array | ImageBatch, batchSize: number): Promise<Float32Array> {
      if (model === null || shape === null) throw new ValidationError('tfjs-graph engine', ['run() before load()']);
      const input = toFloatInput(batch, batchSize, shape, 'tfjs-graph engine', scale);
      const m = model;
      const out = tf.tidy(() => {
        const result = m.execute(tf.tensor4d(input, [batchSize, ...shape!]));
        return Array.isArray(result) ? (result[0] as tf.Tensor) : result;
      });
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    async dispose(): Promise<void> {
      model?.dispose();
      model = null;
    },
  };
}
