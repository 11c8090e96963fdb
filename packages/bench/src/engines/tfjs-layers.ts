import * as tf from '@tensorflow/tfjs';
import { loadLayersModel, pixelScaleOf, ValidationError, type ImageBatch, type Preprocessing } from '@medimg/core';
import { basename } from 'node:path';
import { hashArrays, hashModelPath } from '../hash';
import { toFloatInput } from '../input';
import type { EngineInfo, EngineOptions, ImageShape, InferenceEngine } from '../types';
import { imageShapeOf } from './shape';

/** A tfjs LayersModel (from a directory or in memory) on the active tfjs backend. */
export function tfjsLayersEngine(options: EngineOptions): InferenceEngine {
  let model: tf.LayersModel | null = null;
  let shape: ImageShape | null = null;
  let scale: Preprocessing['scale'] = 'unit';
  const owned = options.model.layersModel === undefined;
  return {
    name: 'tfjs-layers',
    get backend() {
      return tf.getBackend();
    },
    precision: options.precision ?? 'fp32',
    supportsThreads: false,
    async load(): Promise<EngineInfo> {
      const { path, layersModel, label } = options.model;
      if (layersModel !== undefined) model = layersModel;
      else if (path !== undefined) model = await loadLayersModel(path);
      else throw new ValidationError('tfjs-layers engine', ['model needs a path or a layersModel']);
      shape = imageShapeOf(model.inputs[0]?.shape ?? [], 'tfjs-layers engine');
      scale = pixelScaleOf(model);
      const modelHash = path !== undefined && layersModel === undefined ? await hashModelPath(path) : hashArrays(model.getWeights().map((w) => w.dataSync()));
      return { inputShape: shape, modelHash, modelLabel: label ?? (path !== undefined ? basename(path) : model.name), threads: null, pixelScale: scale };
    },
    async run(batch: Float32Array | ImageBatch, batchSize: number): Promise<Float32Array> {
      if (model === null || shape === null) throw new ValidationError('tfjs-layers engine', ['run() before load()']);
      const input = toFloatInput(batch, batchSize, shape, 'tfjs-layers engine', scale);
      const m = model;
      const out = tf.tidy(() => m.predict(tf.tensor4d(input, [batchSize, ...shape!])) as tf.Tensor);
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    async dispose(): Promise<void> {
      if (owned) model?.dispose();
      model = null;
    },
  };
}
