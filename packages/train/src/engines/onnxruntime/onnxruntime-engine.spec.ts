import * as tf from '@tensorflow/tfjs';
import { createRng, selectBackend, silentLogger, type ImageBatch, pixelScaleOf, predictLayersModel } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { syntheticXraySet } from '../../testing/synthetic-set';
import { tfjsEngine } from '../tfjs-engine';
import type { EngineFactory } from '../types';
import { onnxruntimeEngine } from './onnxruntime-engine';
import { emaDecay, swaDecay } from '../../ema';
import { mixupBatch, softTargets } from '../../mixup';
import { batchToTensor } from '../../predictor';

/**
 * A refkit-shaped net, small: conv/LeakyReLU pairs without bias, VALID max-pools, NHWC flatten, dense LeakyReLU,
 * softmax; with `batchNorm`, a batch norm between each conv and its LeakyReLU.
 */
function smallRefkit(inputShape: [number, number, 3], seed: number, batchNorm = false): tf.LayersModel {
  let s = seed;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: s++ });
  const input = tf.input({ shape: inputShape });
  let x: tf.SymbolicTensor = input;
  for (const filters of [4, 8]) {
    for (let c = 0; c < 2; c++) {
      x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
      if (batchNorm) x = tf.layers.batchNormalization({ momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
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
async function run(factory: EngineFactory, build: () => tf.LayersModel, batch: ImageBatch, steps: number, epsilon = 1e-7): Promise<{ losses: number[]; weights: Float32Array[]; trainable: Float32Array[]; moments: Float32Array[] }> {
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
  const trainable = model.trainableWeights.map((w) => w.read().dataSync().slice() as Float32Array);
  const state = await optimizer.getWeights();
  const moments = state.filter((w) => w.name !== 'iter').map((w) => w.tensor.dataSync().slice() as Float32Array);
  expect(state.find((w) => w.name === 'iter')?.tensor.dataSync()[0]).toBe(steps);
  await engine.dispose();
  optimizer.dispose();
  model.dispose();
  return { losses, weights, trainable, moments };
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

  // Adam's first step is w - lr * g / (|g| + epsilon). Where |g| is far above epsilon that is w - lr * sign(g) whatever
  // the rounding; where |g| is near epsilon (1e-7) its slope in g is up to lr / epsilon = 1e4, and the gradients of
  // the deeper conv kernels carry ~5e-7 of float32 noise from the batch norm's backward cancellation (the two
  // engines sum in different orders; e.g. block4_conv2 element 52958: tfjs 9.0e-7, onnxruntime 1.1e-6), which
  // moves those weights by up to ~2e-5 apart. So: gradients (Adam's m = 0.1 g) match to 1e-4 of each tensor's
  // largest; every weight whose gradient is >= 1e-5 in both engines matches within 1e-5 at the default epsilon;
  // every other weight is exactly Adam's step from its own engine's gradient; and at epsilon 1e-3 (lr / epsilon = 1)
  // all weights match within 1e-5.
  it('one step of compact-cnn (BN, stride-2 stem, dropout) updates every weight as the tfjs engine does', async () => {
    const batch = await firstBatch(32, 1);
    const build = (): tf.LayersModel => getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 3 });
    const want = await run(tfjsEngine, build, batch, 1);
    const got = await run(onnxruntimeEngine, build, batch, 1);
    expect(got.losses[0]).toBeCloseTo(want.losses[0] as number, 5);
    expect(maxRelDiff(got.moments, want.moments)).toBeLessThan(1e-4);
    const initial = build();
    const w0 = initial.trainableWeights.map((w) => w.read().dataSync().slice() as Float32Array);
    initial.dispose();
    let checkedLarge = 0;
    let checkedSmall = 0;
    let largeDiff = 0;
    let ownStepDiff = 0;
    w0.forEach((start, t) => {
      start.forEach((w, j) => {
        const gt = ((want.moments[t] as Float32Array)[j] as number) / 0.1;
        const go = ((got.moments[t] as Float32Array)[j] as number) / 0.1;
        const wt = (want.trainable[t] as Float32Array)[j] as number;
        const wo = (got.trainable[t] as Float32Array)[j] as number;
        if (Math.min(Math.abs(gt), Math.abs(go)) >= 1e-5) {
          largeDiff = Math.max(largeDiff, Math.abs(wt - wo));
          checkedLarge++;
        } else {
          for (const [g, updated] of [[gt, wt], [go, wo]] as const) ownStepDiff = Math.max(ownStepDiff, Math.abs(updated - (w - (1e-3 * g) / (Math.abs(g) + 1e-7))));
          checkedSmall++;
        }
      });
    });
    expect(checkedLarge).toBeGreaterThan(0.9 * (checkedLarge + checkedSmall));
    expect(checkedSmall).toBeGreaterThan(0);
    expect(largeDiff).toBeLessThan(1e-5);
    expect(ownStepDiff).toBeLessThan(1e-6);
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

  // A small net with batch norms: three steps stay within 1e-5 of tfjs (compact-cnn's later steps drift apart by the
  // float32 noise the first test describes, amplified by Adam).
  it('label smoothing and a weight average (BN statistics included) follow the tfjs engine; the average serves predictions while swapped in', async () => {
    const batch = await firstBatch(24, 3, 20);
    const read = (m: tf.LayersModel): Float32Array[] => m.weights.map((w) => w.read().dataSync().slice() as Float32Array);
    const runs: { losses: number[]; live: Float32Array[]; averaged: Float32Array[]; restored: Float32Array[]; probs: Float32Array }[] = [];
    for (const factory of [tfjsEngine, onnxruntimeEngine]) {
      const model = smallRefkit([20, 24, 3], 9, true);
      const optimizer = tf.train.adam(1e-3);
      const engine = await factory({ model, optimizer, classWeights: [1.5, 0.75], batchSize: batch.size, microBatchSize: batch.size, labelSmoothing: 0.2, logger: silentLogger, threads: 1 });
      const average = engine.weightAverage(emaDecay(0.9), 0);
      const losses: number[] = [];
      for (let s = 0; s < 3; s++) {
        engine.setLearningRate(1e-3);
        losses.push(await engine.step(batch, createRng(200 + s)));
        average.update();
      }
      expect(average.updates).toBe(3);
      await engine.sync();
      const live = read(model);
      const restore = average.swapIn();
      const averaged = read(model);
      const predictor = engine.predictor();
      const probs = await predictor.predict(batch);
      predictor.dispose();
      restore();
      runs.push({ losses, live, averaged, restored: read(model), probs });
      average.dispose();
      await engine.dispose();
      optimizer.dispose();
      model.dispose();
    }
    const [want, got] = runs as [(typeof runs)[0], (typeof runs)[0]];
    got.losses.forEach((l, i) => expect(l).toBeCloseTo(want.losses[i] as number, 5));
    expect(maxAbsDiff(got.live, want.live)).toBeLessThan(1e-5);
    expect(maxAbsDiff(got.averaged, want.averaged)).toBeLessThan(1e-5);
    expect(maxAbsDiff(Array.of(got.probs), Array.of(want.probs))).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.restored, got.live)).toBe(0);
    expect(maxAbsDiff(got.averaged, got.live)).toBeGreaterThan(1e-3); // the average is not the live weights
  });

  it('mixup targets, the equal-weight (swa) average and its recomputed batch-norm statistics follow the tfjs engine', async () => {
    const batch = await firstBatch(24, 3, 20);
    const mixed = mixupBatch(batch, createRng(5), 0.4, [1.5, 0.75], 0.1);
    const read = (m: tf.LayersModel): Float32Array[] => m.weights.map((w) => w.read().dataSync().slice() as Float32Array);
    async function* batchesOf(list: ImageBatch[]): AsyncGenerator<ImageBatch> {
      for (const b of list) yield b;
    }
    const runs: { losses: number[]; snapshots: Float32Array[][]; averaged: Float32Array[]; stats: Float32Array[]; probs: Float32Array; passes: number; plainSame: boolean }[] = [];
    for (const factory of [tfjsEngine, onnxruntimeEngine]) {
      const make = async (): Promise<{ model: tf.LayersModel; optimizer: tf.Optimizer; engine: Awaited<ReturnType<EngineFactory>> }> => {
        const model = smallRefkit([20, 24, 3], 9, true);
        const optimizer = tf.train.adam(1e-3);
        const engine = await factory({ model, optimizer, classWeights: [1.5, 0.75], batchSize: batch.size, microBatchSize: batch.size, labelSmoothing: 0.1, logger: silentLogger, threads: 1 });
        return { model, optimizer, engine };
      };
      const drop = async (r: Awaited<ReturnType<typeof make>>): Promise<void> => {
        await r.engine.dispose();
        r.optimizer.dispose();
        r.model.dispose();
      };
      // the targets softTargets builds are the ones the engine builds from the labels: bit-identical steps
      const plain: Float32Array[][] = [];
      for (const given of [false, true]) {
        const r = await make();
        await r.engine.step(batch, createRng(1), given ? softTargets(batch.labels, [1.5, 0.75], 0.1) : undefined);
        await r.engine.sync();
        plain.push(read(r.model));
        await drop(r);
      }
      const r = await make();
      const average = r.engine.weightAverage(swaDecay, 0);
      const losses: number[] = [];
      const snapshots: Float32Array[][] = [];
      for (let s = 0; s < 3; s++) {
        r.engine.setLearningRate(1e-3);
        losses.push(await r.engine.step(mixed.batch, createRng(300 + s), mixed.targets));
        average.update();
        await r.engine.sync();
        snapshots.push(read(r.model));
      }
      const restore = average.swapIn();
      const averaged = read(r.model);
      const passes = await r.engine.updateBatchStats(batchesOf([batch, mixed.batch]), createRng(9));
      const stats = read(r.model);
      const predictor = r.engine.predictor();
      const probs = await predictor.predict(batch);
      if (factory === tfjsEngine) {
        // the first batch norm's statistics, computed directly: the mean over the two batches of its input's moments
        const bn = r.model.layers.find((l) => l.getClassName() === 'BatchNormalization') as tf.layers.Layer;
        const trunk = tf.model({ inputs: r.model.inputs, outputs: bn.input as tf.SymbolicTensor });
        const moments = [batch, mixed.batch].map((b) => tf.tidy(() => {
          const m = tf.moments(trunk.predict(batchToTensor(b, 'unit')) as tf.Tensor, [0, 1, 2]);
          return [m.mean.dataSync().slice(), m.variance.dataSync().slice()] as Float32Array[];
        }));
        const index = r.model.weights.findIndex((w) => w.name === bn.weights.find((v) => v.name.includes('moving_mean'))?.name);
        const [mean, variance] = [stats[index] as Float32Array, stats[index + 1] as Float32Array];
        mean.forEach((v, c) => expect(v).toBeCloseTo(((moments[0]![0]![c] as number) + (moments[1]![0]![c] as number)) / 2, 5));
        variance.forEach((v, c) => expect(v).toBeCloseTo(((moments[0]![1]![c] as number) + (moments[1]![1]![c] as number)) / 2, 5));
      }
      restore();
      expect(maxAbsDiff(read(r.model), snapshots[2] as Float32Array[])).toBe(0); // the live weights and statistics are back
      runs.push({ losses, snapshots, averaged, stats, probs, passes, plainSame: maxAbsDiff(plain[0] as Float32Array[], plain[1] as Float32Array[]) === 0 });
      average.dispose();
      await drop(r);
    }
    const [want, got] = runs as [(typeof runs)[0], (typeof runs)[0]];
    for (const run of runs) {
      expect(run.plainSame).toBe(true);
      expect(run.passes).toBe(2);
      // the swa average is the arithmetic mean of the three snapshots (every weight and statistic)
      const mean = run.snapshots[0]!.map((w, i) => w.map((_, j) => run.snapshots.reduce((a, s) => a + ((s[i] as Float32Array)[j] as number), 0) / 3));
      expect(maxAbsDiff(run.averaged, mean)).toBeLessThan(1e-6);
      expect(maxAbsDiff(run.averaged, run.snapshots[2] as Float32Array[])).toBeGreaterThan(1e-5);
    }
    got.losses.forEach((l, i) => expect(l).toBeCloseTo(want.losses[i] as number, 5));
    expect(maxAbsDiff(got.snapshots[2] as Float32Array[], want.snapshots[2] as Float32Array[])).toBeLessThan(1e-5);
    expect(maxAbsDiff(got.stats, want.stats)).toBeLessThan(1e-5);
    expect(maxAbsDiff(got.stats, got.averaged)).toBeGreaterThan(1e-4); // the statistics were recomputed
    expect(maxAbsDiff(Array.of(got.probs), Array.of(want.probs))).toBeLessThan(1e-4);
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
    const want = await predictLayersModel(model, batch, pixelScaleOf(model)); // compact-cnn rescales raw pixels in its graph
    let d = 0;
    probs.forEach((p, i) => (d = Math.max(d, Math.abs(p - (want[i] as number)))));
    expect(d).toBeLessThan(1e-5);
    await engine.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
