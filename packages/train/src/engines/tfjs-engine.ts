import * as tf from '@tensorflow/tfjs';
import { activeBackend } from '@medimg/core';
import { updateBatchStats } from '../batch-stats';
import { createWeightAverage } from '../ema';
import { layersPredictor } from '../predictor';
import { withSeededRandom } from '../seeded-random';
import { setLearningRate, trainBatch } from '../train-step';
import type { EngineFactory } from './types';

/** Today's loop on the active tfjs backend (tensorflow, wasm or cpu): gradient accumulation over micro-batches. */
export const tfjsEngine: EngineFactory = async ({ model, optimizer, classWeights, microBatchSize, labelSmoothing = 0 }) => {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const inner = layersPredictor(model);
  return {
    name: 'tfjs',
    description: `tfjs ${activeBackend()}`,
    microBatchSize,
    setLearningRate: (lr) => setLearningRate(optimizer, lr),
    step: async (batch, random, targets) => withSeededRandom(random, () => trainBatch(model, optimizer, vars, batch, classWeights, microBatchSize, labelSmoothing, targets)),
    predictor: () => ({ numClasses: inner.numClasses, predict: (b) => inner.predict(b), dispose: () => undefined }),
    sync: async () => undefined,
    weightAverage: (decay, updates, initial) => createWeightAverage(model, decay, updates, initial),
    updateBatchStats: (batches, random) => updateBatchStats(model, batches, random, microBatchSize),
    dispose: async () => undefined,
  };
};
