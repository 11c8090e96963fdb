import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { countParams } from '../count-params';
import { getArchitecture } from '../index';

describe('refkit-cnn', () => {
  it('has exactly the reference kit parameter count and takes a training step on wasm', async () => {
    const info = await selectBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
    const model = getArchitecture('refkit-cnn')({ inputShape: [300, 300, 3], numClasses: 2, seed: 1 });
    expect(countParams(model)).toEqual({ total: 48_019_248, trainable: 48_019_248 });
    expect(model.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(0);
    expect(model.weights.every((w) => w.name.endsWith('kernel'))).toBe(true);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 8192]);

    const before = tf.memory().numTensors;
    const optimizer = tf.train.adam(1e-4);
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const probe = model.getLayer('logits').getWeights()[0]!;
    const probeBefore = probe.dataSync().slice();
    const loss = tf.tidy(() => {
      const x = tf.randomUniform([1, 300, 300, 3], 0, 1, 'float32', 3);
      const y = tf.oneHot(tf.tensor1d([1], 'int32'), 2);
      const { value, grads } = optimizer.computeGradients(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
      return value.dataSync()[0]!;
    });
    expect(Number.isFinite(loss)).toBe(true);
    const probeAfter = model.getLayer('logits').getWeights()[0]!.dataSync();
    let changed = 0;
    for (let i = 0; i < probeAfter.length; i++) if (probeAfter[i] !== probeBefore[i]) changed++;
    expect(changed).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
