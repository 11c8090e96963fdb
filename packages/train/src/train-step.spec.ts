import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { syntheticXraySet } from './testing/synthetic-set';
import { registerTinyArchitecture } from './testing/tiny-architecture';
import { microSplits, trainBatch } from './train-step';
import { autoMicroBatchSize } from './micro-batch';

describe('gradient accumulation', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    registerTinyArchitecture();
  });

  it('splits batches into near-equal micro-batches', () => {
    expect(microSplits(20, 8)).toEqual([7, 7, 6]);
    expect(microSplits(16, 16)).toEqual([16]);
    expect(microSplits(5, 1)).toEqual([1, 1, 1, 1, 1]);
  });

  it('gives the same update with micro-batches as with one full batch', async () => {
    const set = syntheticXraySet({ perClass: 8, size: 24, seed: 4 });
    let batch;
    for await (const b of set.batches({ batchSize: 16 })) batch = b;
    const before = tf.memory().numTensors;
    const run = (micro: number): { loss: number; weights: Float32Array[] } => {
      const model = getArchitecture('test-tiny')({ inputShape: [24, 24, 1], numClasses: 2, seed: 9 });
      const optimizer = tf.train.adam(1e-2);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const cw = [1, 2];
      let loss = 0;
      for (let step = 0; step < 3; step++) loss = trainBatch(model, optimizer, vars, batch!, cw, micro);
      const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      optimizer.dispose();
      model.dispose();
      return { loss, weights };
    };
    const full = run(16);
    const micro = run(3);
    expect(micro.loss).toBeCloseTo(full.loss, 5);
    let maxDiff = 0;
    full.weights.forEach((w, i) => w.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - (micro.weights[i]![j] as number))))));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('picks micro-batches for refkit-cnn at 300x300x3 batch 20 but full batches for the compact default', () => {
    const refkit = getArchitecture('refkit-cnn')({ inputShape: [300, 300, 3], numClasses: 2 });
    const micro = autoMicroBatchSize(refkit, 20);
    refkit.dispose();
    expect(micro).toBeGreaterThanOrEqual(1);
    expect(micro).toBeLessThan(20);
    const compact = getArchitecture('compact-cnn')({ inputShape: [128, 128, 1], numClasses: 2 });
    expect(autoMicroBatchSize(compact, 32)).toBe(32);
    compact.dispose();
  });
});
