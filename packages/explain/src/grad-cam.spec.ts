import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { compactCnn, getArchitecture } from '@medimg/model';
import { gradCam } from './grad-cam';
import { finishMap } from './finish-map';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** conv -> BN -> ReLU -> maxpool -> GAP -> dropout -> dense softmax, with non-trivial BN moving statistics. */
function camModel(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 1] });
  let x = tf.layers.conv2d({ name: 'conv', filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.heUniform({ seed }) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'act' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ name: 'drop', rate: 0.5 }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ name: 'logits', units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const bn = model.getLayer('bn');
  const [gamma, beta] = bn.getWeights();
  bn.setWeights([gamma as tf.Tensor, beta as tf.Tensor, tf.tensor1d([0.3, -0.2, 0.1, 0.5, -0.4, 0]), tf.tensor1d([2, 0.5, 1, 3, 0.7, 1.5])]);
  return model;
}

const image = (seed: number): tf.Tensor3D => tf.randomUniform([16, 16, 1], 0, 1, 'float32', seed);

/** CAM from the dense weights on `layer`'s activations (computed with model.predict of a sub-model: inference mode). */
function camOracle(model: tf.LayersModel, layer: string, x: tf.Tensor3D, k: number): Float32Array {
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const raw = tf.tidy(() => {
    const features = sub.predict(x.expandDims(0)) as tf.Tensor4D;
    const w = (model.getLayer('logits').getWeights()[0] as tf.Tensor2D).slice([0, k], [-1, 1]).reshape([-1]);
    return features.mul(w).sum(-1).squeeze([0]);
  });
  const [h, wd] = raw.shape as [number, number];
  const map = finishMap({ width: wd, height: h, data: raw.dataSync() as Float32Array }, x.shape[1], x.shape[0]).data;
  raw.dispose();
  return map;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe('gradCam', () => {
  it('equals CAM from the dense weights for conv -> pool -> GAP -> dense (at the pre-pool ReLU and after the pool), in inference mode', () => {
    const model = camModel(3);
    for (let s = 0; s < 3; s++) {
      const x = image(10 + s);
      for (const k of [0, 1, 2]) {
        const pre = gradCam(model, x, { classIndex: k });
        expect(pre.layer).toBe('act');
        expect(pre.method).toBe('grad-cam');
        expect([pre.width, pre.height, pre.lowRes.width, pre.lowRes.height]).toEqual([16, 16, 16, 16]);
        const oracle = camOracle(model, 'act', x, k);
        expect(maxAbsDiff(pre.data, oracle)).toBeLessThan(1e-4);
        const post = gradCam(model, x, { classIndex: k, layer: 'pool' });
        expect([post.lowRes.width, post.lowRes.height]).toEqual([8, 8]);
        expect(maxAbsDiff(post.data, camOracle(model, 'pool', x, k))).toBeLessThan(1e-4);
      }
      x.dispose();
    }
    model.dispose();
  });

  it('returns the model probabilities, explains the top class by default, and maps into [0, 1] with the max at 1', () => {
    const model = camModel(5);
    const x = image(1);
    const expected = tf.tidy(() => (model.predict(x.expandDims(0)) as tf.Tensor).dataSync() as Float32Array);
    const map = gradCam(model, x);
    expect(maxAbsDiff(map.probabilities, expected)).toBeLessThan(1e-5);
    expect(map.classIndex).toBe(expected.indexOf(Math.max(...expected)));
    expect(Math.max(...map.data)).toBeCloseTo(1, 6);
    expect(Math.min(...map.data)).toBeCloseTo(0, 6);
    expect(map.peak).toBeGreaterThan(0);
    x.dispose();
    model.dispose();
  });

  it('does not leak tensors across calls', () => {
    const model = camModel(7);
    const x = image(2);
    gradCam(model, x);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) gradCam(model, x, { classIndex: i % 3 });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('picks the last conv block of compact-cnn by default (the ReLU before the last pool)', () => {
    const model = compactCnn({ widths: [4, 4, 4, 4, 8], batchNorm: true, dropout: 0.3 })({ inputShape: [64, 64, 1], numClasses: 2, seed: 1 });
    const x = tf.randomUniform([64, 64, 1], 0, 1, 'float32', 3) as tf.Tensor3D;
    const map = gradCam(model, x);
    expect(map.layer).toBe('block4_conv2_relu');
    expect([map.lowRes.width, map.lowRes.height]).toEqual([4, 4]);
    expect(map.data).toHaveLength(64 * 64);
    x.dispose();
    model.dispose();
  });

  it('explains resnet-small (residual trunk): the ReLU of the last block by default, equal to CAM from the dense weights', () => {
    const model = getArchitecture('resnet-small')({ inputShape: [32, 32, 1], numClasses: 2, seed: 2 });
    const x = tf.randomUniform([32, 32, 1], 0, 1, 'float32', 4) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    for (const k of [0, 1]) {
      const map = gradCam(model, x, { classIndex: k });
      expect(map.layer).toBe('block4_relu');
      expect([map.lowRes.width, map.lowRes.height]).toEqual([2, 2]);
      expect(maxAbsDiff(map.data, camOracle(model, 'block4_relu', x, k))).toBeLessThan(1e-4);
      const probs = tf.tidy(() => (model.predict(x.expandDims(0)) as tf.Tensor).dataSync() as Float32Array);
      expect(maxAbsDiff(map.probabilities, probs)).toBeLessThan(1e-5);
    }
    // an inner layer of the trunk (before the last Add) is not on the single-input tail: named in the error
    expect(() => gradCam(model, x, { layer: 'block3_relu' })).toThrow(/choose one of block4_add, block4_relu/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('rejects a wrong image shape, an unknown layer and a class out of range, naming the fix', () => {
    const model = camModel(9);
    const x = image(3);
    const wrong = tf.zeros([8, 8, 1]);
    expect(() => gradCam(model, wrong)).toThrow(/image must be \[16, 16, 1\]/);
    expect(() => gradCam(model, x, { layer: 'gap' })).toThrow(/choose one of conv, bn, act, pool/);
    expect(() => gradCam(model, x, { classIndex: 3 })).toThrow(/classIndex 3 is out of range: the model has 3 classes/);
    const before = tf.memory().numTensors;
    expect(() => gradCam(model, x, { classIndex: 5 })).toThrow();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, wrong]);
    model.dispose();
  });
});
