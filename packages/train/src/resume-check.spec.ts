import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSplitManifest, isValidationError, readModelCard, selectBackend } from '@medimg/core';
import { syntheticXraySet } from './testing/synthetic-set';
import { registerTinyArchitecture } from './testing/tiny-architecture';
import { train } from './train';
import type { TrainOptions } from './types';

const split = (seed: number, valSplit: number, files: string[]): ReturnType<typeof createSplitManifest> =>
  createSplitManifest({ seed, valSplit, grouping: 'patient', stratified: true, trainCount: 48, validationFiles: files });

describe('the model card and the checkpoint record the run settings; a resume must match them', () => {
  let out: string;
  let options: TrainOptions;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    registerTinyArchitecture();
    out = await mkdtemp(join(tmpdir(), 'medimg-resume-check-'));
    options = {
      train: syntheticXraySet({ perClass: 24, size: 24, seed: 1 }), validation: syntheticXraySet({ perClass: 6, size: 24, seed: 2 }),
      architecture: 'test-tiny', outDir: join(out, 'run'), epochs: 1, batchSize: 8, seed: 7, earlyStoppingPatience: 0,
      split: split(7, 0.2, ['NORMAL/a.jpeg', 'PNEUMONIA/b.jpeg']), datasetDigest: 'f'.repeat(64), provenance: { commit: 'abc', dataDir: '/data/x' }, config: { epochs: 1 },
    };
    await train(options);
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('writes the split, provenance, validation metrics and config into the best model card', async () => {
    const card = await readModelCard(join(out, 'run', 'best'));
    expect(card.split).toEqual(options.split);
    expect(card.provenance).toMatchObject({ architecture: 'test-tiny', engine: 'tfjs', backend: 'wasm', epochs: 1, commit: 'abc', datasetDigest: 'f'.repeat(64), seed: 7, valSplit: 0.2, dataDir: '/data/x' });
    expect(card.thresholdPolicy).toEqual({ name: 'youden', on: 'validation' });
    expect(card.preprocessing.scale).toBe('unit'); // test-tiny has no in-graph rescaling
    expect(card.metrics?.['validation']).toMatchObject({ images: 12, threshold: card.threshold });
    expect(card.config).toEqual({ epochs: 1 });
  });

  it.each([
    ['seed', { seed: 42, split: split(42, 0.2, ['NORMAL/a.jpeg', 'PNEUMONIA/b.jpeg']) }, /seed: the checkpoint in .* was trained with 7, this run asks for 42\. Fix: resume with --seed 7/],
    ['split seed', { split: split(42, 0.2, ['NORMAL/a.jpeg', 'PNEUMONIA/b.jpeg']) }, /split seed: the checkpoint in .* was trained with 7, this run asks for 42\. Fix: resume with --split-seed 7/],
    ['val-split', { split: split(7, 0.1, ['NORMAL/a.jpeg']) }, /val-split: the checkpoint in .* was trained with 0\.2, this run asks for 0\.1/],
    ['batch size', { batchSize: 16 }, /batch size: the checkpoint in .* was trained with 8, this run asks for 16/],
    ['validation files', { split: split(7, 0.2, ['NORMAL/a.jpeg', 'PNEUMONIA/c.jpeg']) }, /validation files: the checkpoint .* validated on 2 files \(digest [0-9a-f]{12}\.\.\.\), this data gives 2 \(digest [0-9a-f]{12}/],
  ])('refuses to resume with another %s, naming both values', async (_name, change, message) => {
    const error = await train({ ...options, ...change, epochs: 2, resume: true }).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('resumes with the same settings', async () => {
    const result = await train({ ...options, epochs: 2, resume: true });
    expect([result.epochsRun, result.epochsThisRun]).toEqual([2, 1]);
  });
});
