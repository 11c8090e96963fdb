import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelCard, loadLayersModel, saveLayersModel, selectBackend } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { createWeightAverage, emaDecay } from './ema';
import { initialWeights } from './init-weights';
import { mixupBatch } from './mixup';
import { createRng } from '@medimg/core';
import { syntheticXraySet } from './testing/synthetic-set';
import { registerTinyArchitecture } from './testing/tiny-architecture';
import { train } from './train';
import { trainBatch } from './train-step';

const flat = (m: tf.LayersModel): Float32Array => tf.tidy(() => tf.concat(m.getWeights().map((w) => w.flatten())).dataSync() as Float32Array);

describe('robust-recipe training options', () => {
  let out: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    registerTinyArchitecture();
    out = await mkdtemp(join(tmpdir(), 'medimg-recipe-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('label smoothing trains against (1 - e) * one-hot + e / k: the reported loss matches the closed form', async () => {
    const set = syntheticXraySet({ perClass: 4, size: 24, seed: 1 });
    let batch;
    for await (const b of set.batches({ batchSize: 8 })) batch = b;
    const model = getArchitecture('test-tiny')({ inputShape: [24, 24, 1], numClasses: 2, seed: 2 });
    const p = tf.tidy(() => (model.predict(tf.tensor4d(batch!.pixels, [8, 24, 24, 1], 'int32').toFloat().div(255)) as tf.Tensor).clipByValue(1e-7, 1 - 1e-7).arraySync() as number[][]);
    const closedForm = (e: number): number => {
      let loss = 0;
      p.forEach((row, i) => row.forEach((q, c) => (loss -= ((c === batch!.labels[i] ? 1 - e : 0) + e / 2) * Math.log(q))));
      return loss / 8;
    };
    const e = 0.2;
    const optimizer = tf.train.sgd(0); // no update: the loss is of the weights above
    const cw = [1, 1];
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(trainBatch(model, optimizer, vars, batch!, cw, 8, e)).toBeCloseTo(closedForm(e), 5);
    expect(trainBatch(model, optimizer, vars, batch!, cw, 8, 0)).toBeCloseTo(closedForm(0), 5);
    expect(Math.abs(closedForm(e) - closedForm(0))).toBeGreaterThan(1e-3);
    optimizer.dispose();
    model.dispose();
  });

  it('mixup trains against lambda w_i CE(t_i) + (1 - lambda) w_j CE(t_j) on the mixed images: the reported loss matches', async () => {
    const set = syntheticXraySet({ perClass: 4, size: 24, seed: 1 });
    let batch;
    for await (const b of set.batches({ batchSize: 8 })) batch = b;
    const model = getArchitecture('test-tiny')({ inputShape: [24, 24, 1], numClasses: 2, seed: 2 });
    const e = 0.1;
    const w = [1.5, 0.5];
    const m = mixupBatch(batch!, createRng(3), 0.4, w, e);
    const p = tf.tidy(() => (model.predict(tf.tensor4d(m.batch.pixels, [8, 24, 24, 1], 'int32').toFloat().div(255)) as tf.Tensor).clipByValue(1e-7, 1 - 1e-7).arraySync() as number[][]);
    let closedForm = 0;
    p.forEach((row, i) => {
      const j = m.partners[i] as number;
      const l = m.lambdas[i] as number;
      const ce = (label: number): number => -row.reduce((a, q, c) => a + ((c === label ? 1 - e : 0) + e / 2) * Math.log(q), 0);
      closedForm += l * (w[batch!.labels[i] as number] as number) * ce(batch!.labels[i] as number) + (1 - l) * (w[batch!.labels[j] as number] as number) * ce(batch!.labels[j] as number);
    });
    closedForm /= 8;
    const optimizer = tf.train.sgd(0);
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    expect(trainBatch(model, optimizer, vars, m.batch, w, 8, e, m.targets)).toBeCloseTo(closedForm, 5);
    expect(trainBatch(model, optimizer, vars, m.batch, w, 3, e, m.targets)).toBeCloseTo(closedForm, 5); // micro-batches slice the targets
    expect(Math.abs(trainBatch(model, optimizer, vars, m.batch, w, 8, e) - closedForm)).toBeGreaterThan(1e-3); // the labels alone give another loss
    optimizer.dispose();
    model.dispose();
  });

  it('the weight average follows s <- d s + (1 - d) w with the warm-up decay, swaps in and out, and leaks nothing', () => {
    const model = getArchitecture('test-tiny')({ inputShape: [8, 8, 1], numClasses: 2, seed: 3 });
    const before = tf.memory().numTensors;
    const w0 = flat(model);
    const ema = createWeightAverage(model, emaDecay(0.9));
    const shifted = model.getWeights().map((w) => tf.tidy(() => w.add(1)));
    model.setWeights(shifted);
    tf.dispose(shifted);
    ema.update(); // d = min(0.9, 1/10) = 0.1
    expect(ema.updates).toBe(1);
    const live = flat(model);
    const restore = ema.swapIn();
    const averaged = flat(model);
    averaged.forEach((v, i) => expect(v).toBeCloseTo(0.1 * (w0[i] as number) + 0.9 * (live[i] as number), 5));
    restore();
    expect(Buffer.from(flat(model).buffer).equals(Buffer.from(live.buffer))).toBe(true);
    ema.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('with ema the saved models hold the average, and a run resumed mid-way ends with the same weights as one straight run', async () => {
    const set = syntheticXraySet({ perClass: 8, size: 24, seed: 5 });
    const validation = syntheticXraySet({ perClass: 4, size: 24, seed: 6 });
    const common = { train: set, validation, architecture: 'test-tiny', batchSize: 8, seed: 4, ema: 0.9, labelSmoothing: 0.1, earlyStoppingPatience: 0 };
    const straight = await train({ ...common, outDir: join(out, 'straight'), epochs: 3 });
    await train({ ...common, outDir: join(out, 'resumed'), epochs: 2 });
    await train({ ...common, outDir: join(out, 'resumed'), epochs: 3, resume: true });
    const a = await loadLayersModel(join(out, 'straight', 'last'));
    const b = await loadLayersModel(join(out, 'resumed', 'last'));
    expect(Buffer.from(flat(b).buffer).equals(Buffer.from(flat(a).buffer))).toBe(true);
    // the saved (averaged) weights differ from a run without ema
    await train({ ...common, ema: 0, outDir: join(out, 'no-ema'), epochs: 3 });
    const c = await loadLayersModel(join(out, 'no-ema', 'last'));
    expect(Buffer.from(flat(c).buffer).equals(Buffer.from(flat(a).buffer))).toBe(false);
    expect(straight.history).toHaveLength(3);
    await expect(train({ ...common, ema: 0, outDir: join(out, 'resumed'), epochs: 4, resume: true })).rejects.toThrow(/trained with ema.*Fix: resume with the same --ema/);
    for (const m of [a, b, c]) m.dispose();
  });

  it('with mixup and swa a run resumed mid-way ends with the same weights as one straight run; mixup 0 is no mixup', async () => {
    // compact-cnn on onnxruntime: batch norms (their statistics are recomputed for the average) and dropout
    const bnSet = syntheticXraySet({ perClass: 8, size: 32, seed: 5 });
    const bnValidation = syntheticXraySet({ perClass: 4, size: 32, seed: 6 });
    const swa = { train: bnSet, validation: bnValidation, architecture: 'compact-cnn', engine: 'onnxruntime', threads: 1, batchSize: 8, seed: 4, mixup: 0.4, swaStart: 2, earlyStoppingPatience: 0 };
    const straight = await train({ ...swa, outDir: join(out, 'swa-straight'), epochs: 3 });
    await train({ ...swa, outDir: join(out, 'swa-resumed'), epochs: 2 });
    await train({ ...swa, outDir: join(out, 'swa-resumed'), epochs: 3, resume: true });
    const a = await loadLayersModel(join(out, 'swa-straight', 'last'));
    const b = await loadLayersModel(join(out, 'swa-resumed', 'last'));
    expect(Buffer.from(flat(b).buffer).equals(Buffer.from(flat(a).buffer))).toBe(true);
    expect(straight.history.map((r) => r.statsSeconds !== undefined)).toEqual([false, true, true]);
    await expect(train({ ...swa, swaStart: 3, outDir: join(out, 'swa-resumed'), epochs: 4, resume: true })).rejects.toThrow(/trained with swaStart 2, this run asks for 3.*Fix: resume with --swa-start 2/);
    const set = syntheticXraySet({ perClass: 8, size: 24, seed: 5 });
    const validation = syntheticXraySet({ perClass: 4, size: 24, seed: 6 });
    const common = { train: set, validation, architecture: 'test-tiny', batchSize: 8, seed: 4, mixup: 0.4, earlyStoppingPatience: 0 };
    // mixup changes the run; mixup 0 is bit-identical to a run without the option
    const plain = await train({ ...common, mixup: undefined, outDir: join(out, 'no-mixup'), epochs: 1 });
    const zero = await train({ ...common, mixup: 0, outDir: join(out, 'mixup-0'), epochs: 1 });
    const mixed = await train({ ...common, outDir: join(out, 'mixup-1'), epochs: 1 });
    expect(zero.history[0]?.loss).toBe(plain.history[0]?.loss);
    expect(mixed.history[0]?.loss).not.toBe(plain.history[0]?.loss);
    const [p0, z0] = await Promise.all([loadLayersModel(join(out, 'no-mixup', 'last')), loadLayersModel(join(out, 'mixup-0', 'last'))]);
    expect(Buffer.from(flat(z0).buffer).equals(Buffer.from(flat(p0).buffer))).toBe(true);
    for (const m of [a, b, p0, z0]) m.dispose();
  });

  it('init loads the weights of a matching model and names every mismatch otherwise', async () => {
    const model = getArchitecture('test-tiny')({ inputShape: [24, 24, 1], numClasses: 2, seed: 8 });
    const dir = join(out, 'init-model');
    await saveLayersModel(model, dir, createModelCard({ architecture: 'test-tiny', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, threshold: 0.5, preprocessing: { imageSize: 24, channels: 1, resize: 'stretch', scale: 'unit' } }));
    const weights = await initialWeights(dir, { architecture: 'test-tiny', inputShape: [24, 24, 1], classNames: ['NORMAL', 'PNEUMONIA'] });
    expect(weights.map((w) => w.shape)).toEqual(model.getWeights().map((w) => w.shape));
    tf.dispose(weights);
    await expect(initialWeights(dir, { architecture: 'compact-cnn', inputShape: [32, 32, 3], classNames: ['A', 'B'] })).rejects.toThrow(/test-tiny model but the run trains compact-cnn.*\n.*24x24x1 inputs but the run's images are 32x32x3.*--image-size 24[\s\S]*predicts \["NORMAL","PNEUMONIA"\]/);
    // a run initialised from it starts at its weights (lr tiny: the trained weights stay within 1e-5)
    const set = syntheticXraySet({ perClass: 4, size: 24, seed: 9 });
    await train({ train: set, architecture: 'test-tiny', outDir: join(out, 'ft'), epochs: 1, batchSize: 8, lr: 1e-8, init: dir, classNames: ['NORMAL', 'PNEUMONIA'] });
    const tuned = await loadLayersModel(join(out, 'ft', 'last'));
    const diff = tf.tidy(() => Math.max(...model.trainableWeights.map((w, i) => tf.max(tf.abs(tf.sub(w.read(), tuned.trainableWeights[i]!.read()))).dataSync()[0]!)));
    expect(diff).toBeLessThan(1e-5);
    tuned.dispose();
    model.dispose();
  });
});
