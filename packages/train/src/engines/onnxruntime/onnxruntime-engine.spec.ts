import * as tf from '@tensorflow/tfjs';
import { createRng, selectBackend, silentLogger, type ImageBatch } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { syntheticXraySet } from '../../testing/synthetic-set';
import { tfjsEngine } from '../tfjs-engine';
import type { EngineFactory } from '../types';
import { onnxruntimeEngine } from './onnxruntime-engine';

/** A refkit-shaped net, small: conv/LeakyReLU pairs without bias, VALID max-pools, NHWC flatten, dense LeakyReLU, softmax. */
function smallRefkit(inputShape: [number, number, 3], seed: number): tf.LayersModel {
  let s = seed;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: s++ });
  const input = tf.input({ shape: inputShape });
  let x: tf.SymbolicTensor = input;
  for (const filters of [4, 8]) {
    for (let c = 0; c < 2; c++) {
      x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 16, useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, useBias: false, activation: 'softmax', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

async function firstBatch(size: number, channels: 1 | 3, height = size): Promise<ImageBatch> {
  const set = syntheticXraySet({ perClass: 5, size, seed: 11, channels });
  for await (const b of set.batches({ batchSize: 10, shuffleSeed: 1 })) {
    if (height === size) return b;
    // crop rows to make the input non-square
    const per = size * channels;
    const pixels = new Uint8Array(b.size * height * per);
    for (let i = 0; i < b.size; i++) pixels.set(b.pixels.subarray(i * size * per, i * size * per + height * per), i * height * per);
    return { ...b, pixels, height };
  }
  throw new Error('no batch');
}

/** Runs `steps` steps of `factory` and returns the model's weights (BN statistics included), losses and Adam moments. */
async function run(factory: EngineFactory, build: () => tf.LayersModel, batch: ImageBatch, steps: number, epsilon = 1e-7): Promise<{ losses: number[]; weights: Float32Array[]; moments: Float32Array[] }> {
  const model = build();
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, epsilon);
  const engine = await factory({ model, optimizer, classWeights: [1.5, 0.75], batchSize: batch.size, microBatchSize: batch.size, logger: silentLogger, threads: 1 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    engine.setLearningRate(s === 0 ? 1e-3 : 5e-4);
    losses.push(await engine.step(batch, createRng(100 + s)));
  }
  await engine.sync();
  const weights = model.weights.map((w) => w.read().dataSync().slice() as Float32Array);
  const state = await optimizer.getWeights();
  const moments = state.filter((w) => w.name !== 'iter').map((w) => w.tensor.dataSync().slice() as Float32Array);
  expect(state.find((w) => w.name === 'iter')?.tensor.dataSync()[0]).toBe(steps);
  await engine.dispose();
  optimizer.dispose();
  model.dispose();
  return { losses, weights, moments };
}

/** Per tensor max |a - b| / max |b|, the worst over tensors. */
function maxRelDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i] as Float32Array;
    let d = 0;
    let scale = 1e-12;
    x.forEach((v, j) => {
      d = Math.max(d, Math.abs(v - (y[j] as number)));
      scale = Math.max(scale, Math.abs(y[j] as number));
    });
    worst = Math.max(worst, d / scale);
  });
  return worst;
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  a.forEach((x, i) => x.forEach((v, j) => (d = Math.max(d, Math.abs(v - ((b[i] as Float32Array)[j] as number))))));
  return d;
}

describe('onnxruntime training engine', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  // Adam's first step is lr * g / (|g| + epsilon): its slope in g is up to lr / epsilon (1e4 with tfjs' 1e-7), so
  // float32 rounding noise (~1e-9) in the near-zero gradients of conv kernels that feed a batch norm moves weights by
  // ~1e-5 whichever engine is right (the gradients agree to ~5e-6 of each tensor's largest). The gradients themselves
  // (Adam's m = 0.1 g) are compared at the default epsilon; the updated weights at epsilon 1e-3, where lr / epsilon = 1.
  it('one step of compact-cnn (BN, stride-2 stem, dropout) updates every weight as the tfjs engine does', async () => {
    const batch = await firstBatch(32, 1);
    const build = (): tf.LayersModel => getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 3 });
    const want = await run(tfjsEngine, build, batch, 1);
    const got = await run(onnxruntimeEngine, build, batch, 1);
    expect(got.losses[0]).toBeCloseTo(want.losses[0] as number, 5);
    expect(maxRelDiff(got.moments, want.moments)).toBeLessThan(1e-4);
    const wantConditioned = await run(tfjsEngine, build, batch, 1, 1e-3);
    const gotConditioned = await run(onnxruntimeEngine, build, batch, 1, 1e-3);
    expect(maxAbsDiff(gotConditioned.weights, wantConditioned.weights)).toBeLessThan(1e-5);
  });

  it('two steps of a small refkit-shaped net on non-square RGB input match the tfjs engine', async () => {
    const batch = await firstBatch(24, 3, 20);
    const build = (): tf.LayersModel => smallRefkit([20, 24, 3], 5);
    const want = await run(tfjsEngine, build, batch, 2);
    const got = await run(onnxruntimeEngine, build, batch, 2);
    got.losses.forEach((l, i) => expect(l).toBeCloseTo(want.losses[i] as number, 5));
    expect(maxAbsDiff(got.weights, want.weights)).toBeLessThan(1e-5);
  });

  it('one step of resnet-small (residual Adds, projection shortcuts) updates every weight as the tfjs engine does', async () => {
    const batch = await firstBatch(32, 1);
    const build = (): tf.LayersModel => getArchitecture('resnet-small')({ inputShape: [32, 32, 1], numClasses: 2, seed: 6 });
    const want = await run(tfjsEngine, build, batch, 1);
    const got = await run(onnxruntimeEngine, build, batch, 1);
    expect(got.losses[0]).toBeCloseTo(want.losses[0] as number, 5);
    expect(maxRelDiff(got.moments, want.moments)).toBeLessThan(1e-4);
    const wantConditioned = await run(tfjsEngine, build, batch, 1, 1e-3);
    const gotConditioned = await run(onnxruntimeEngine, build, batch, 1, 1e-3);
    expect(maxAbsDiff(gotConditioned.weights, wantConditioned.weights)).toBeLessThan(1e-5);
  });

  it('predicts with the current weights as the LayersModel does after sync', async () => {
    const batch = await firstBatch(32, 1);
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 4 });
    const optimizer = tf.train.adam(1e-3);
    const engine = await onnxruntimeEngine({ model, optimizer, classWeights: [1, 1], batchSize: 10, microBatchSize: 10, logger: silentLogger, threads: 1 });
    await engine.step(batch, createRng(1));
    await engine.sync();
    const probs = await engine.predictor().predict(batch);
    const want = tf.tidy(() => (model.predict(tf.tensor4d(batch.pixels, [10, 32, 32, 1], 'int32').toFloat().div(255)) as tf.Tensor).dataSync().slice());
    let d = 0;
    probs.forEach((p, i) => (d = Math.max(d, Math.abs(p - (want[i] as number)))));
    expect(d).toBeLessThan(1e-5);
    await engine.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
