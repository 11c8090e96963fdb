import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { benchmarkTraining } from './benchmark-training';

describe('benchmarkTraining', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('trains a real tfjs model on wasm for N timed steps and measures forward passes', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const r = await benchmarkTraining({ model, label: 'tiny', batchSize: 4, steps: 3, warmupSteps: 1, forwardSteps: 2, learningRate: 0.01, onStep: (s) => steps.push(s) });
    expect(tf.memory().numTensors).toBe(before);
    expect(steps).toEqual([1, 2, 3]);
    expect(r.backend).toBe('wasm');
    expect(r.model).toEqual({ label: 'tiny', params: model.countParams(), inputShape: [16, 16, 1], classes: 2 });
    expect(r.stepMs.count).toBe(3);
    expect(r.forwardMs?.count).toBe(2);
    expect(r.trainImagesPerSecond).toBeCloseTo((4 * 3) / ((r.stepMs.mean * 3) / 1000), 6);
    expect(r.forwardImagesPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(r.loss.first) && Number.isFinite(r.loss.last)).toBe(true);
    // Same batch every step at lr 0.01: the loss must go down.
    expect(r.loss.last).toBeLessThan(r.loss.first);
    model.dispose();
  });

  it('accumulates gradients over micro-batches without leaking tensors', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const before = tf.memory().numTensors;
    const r = await benchmarkTraining({ model, batchSize: 5, microBatchSize: 2, steps: 4, forwardSteps: 0, learningRate: 0.05 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.microBatchSize).toBe(2);
    expect(r.forwardMs).toBeNull();
    expect(r.stepMs.count).toBe(4);
    expect(r.loss.last).toBeLessThan(r.loss.first);
    model.dispose();
  });

  it('rejects a bad batch size', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
    await expect(benchmarkTraining({ model, batchSize: 0 })).rejects.toThrow(/batchSize must be an integer/);
    model.dispose();
  });
});
