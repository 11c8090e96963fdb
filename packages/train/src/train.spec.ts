import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayersModel, readModelMetadata, selectBackend } from '@medimg/core';
import { evaluate } from './evaluate';
import { syntheticXraySet } from './testing/synthetic-set';
import { train } from './train';
import type { EpochRecord } from './types';

describe('train on generated X-rays', () => {
  let out: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    out = await mkdtemp(join(tmpdir(), 'medimg-train-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('reaches >= 90% validation accuracy, writes best/last/log/result, and leaks no tensors', async () => {
    const trainSet = syntheticXraySet({ perClass: 48, size: 32, seed: 1 });
    const validation = syntheticXraySet({ perClass: 24, size: 32, seed: 2 });
    const before = tf.memory().numTensors;
    const batches: number[] = [];
    const result = await train({
      train: trainSet, validation, outDir: join(out, 'run'), architecture: 'compact-cnn', epochs: 8, batchSize: 16, lr: 3e-3, seed: 3,
      earlyStoppingPatience: 0, callbacks: { onBatchEnd: (p) => batches.push(p.batch) }, dataReport: { counts: { NORMAL: 48, PNEUMONIA: 48 }, skipped: [] },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.epochsRun).toBe(8);
    expect(batches).toHaveLength(8 * 6);
    expect(result.best?.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.best?.auc).toBeGreaterThanOrEqual(0.95);
    const log = (await readFile(join(out, 'run', 'train-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);
    expect(log.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(log[0]!.backend).toBe('wasm');
    expect(log[7]!.loss).toBeLessThan(log[0]!.loss);
    expect(JSON.parse(await readFile(join(out, 'run', 'data-report.json'), 'utf8'))).toEqual({ counts: { NORMAL: 48, PNEUMONIA: 48 }, skipped: [] });

    const meta = await readModelMetadata(join(out, 'run', 'best'));
    expect(meta).toMatchObject({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing: { imageSize: 32, channels: 1 } });
    expect(meta.threshold).toBeCloseTo(result.threshold, 6);
    // Fitted on validation and stored in the card: each policy's threshold (youden is the decision) and the temperature.
    expect(meta.thresholdPolicy).toEqual({ name: 'youden', on: 'validation' });
    expect(Object.keys(meta.operatingPoints ?? {})).toEqual(['youden', 'sensitivity:0.95', 'specificity:0.9', 'cost:5']);
    expect(meta.operatingPoints?.['youden']).toBe(meta.threshold);
    expect(meta.calibration?.temperature).toBeGreaterThan(0.05);
    // The saved best model reproduces the best epoch's validation accuracy at its threshold.
    const model = await loadLayersModel(join(out, 'run', 'best'));
    const report = await evaluate({ model, set: validation, threshold: meta.threshold });
    expect(report.binary?.accuracy).toBeCloseTo(result.best!.accuracy, 6);
    model.dispose();
  });

  it('is reproducible: the same seed gives the same losses and weights (dropout included), another seed does not', async () => {
    const trainSet = syntheticXraySet({ perClass: 12, size: 32, seed: 4 });
    const run = async (name: string, seed: number): Promise<{ losses: number[]; weights: Float32Array }> => {
      const result = await train({ train: trainSet, outDir: join(out, name), architecture: 'compact-cnn', epochs: 2, batchSize: 8, seed });
      const model = await loadLayersModel(join(out, name, 'last'));
      const weights = tf.tidy(() => tf.concat(model.getWeights().map((w) => w.flatten())).dataSync() as Float32Array);
      model.dispose();
      return { losses: result.history.map((h) => h.loss), weights };
    };
    const a = await run('repro-a', 7);
    const b = await run('repro-b', 7);
    const c = await run('repro-c', 8);
    expect(b.losses).toEqual(a.losses);
    expect(Buffer.from(b.weights.buffer).equals(Buffer.from(a.weights.buffer))).toBe(true);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('refuses to overwrite a run without resume, and to resume a missing run', async () => {
    const set = syntheticXraySet({ perClass: 2, size: 32, seed: 1 });
    await expect(train({ train: set, outDir: join(out, 'run'), epochs: 1 })).rejects.toThrow(/already holds a training run.*resume/);
    await expect(train({ train: set, outDir: join(out, 'none'), epochs: 1, resume: true })).rejects.toThrow(/does not exist/);
    await expect(train({ train: set, outDir: join(out, 'x'), epochs: 0, batchSize: -1, architecture: 'nope' })).rejects.toThrow(/epochs must be.*\n.*batchSize|architecture/s);
  });
});
