import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@medimg/core/testing';
import { createMemoryLogger, MODEL_JSON, readModelCard, selectBackend, type ModelCard } from '@medimg/core';
import { loadPredictor, resolveModelPath, writeCard } from '@medimg/runtime';
import { calibrateCard } from './calibrate-card';
import { readCheckpoint } from './checkpoint';
import { syntheticXraySet } from './testing/synthetic-set';
import { registerTinyArchitecture } from './testing/tiny-architecture';
import { train } from './train';
import type { TrainOptions } from './types';

/** `medimg calibrate --model RUN --policy specificity:0.9` as the CLI does it: re-fit on validation, write RUN/best's card. */
async function calibrate(run: string, validation: TrainOptions['validation']): Promise<ModelCard> {
  const model = await resolveModelPath(run);
  const predictor = await loadPredictor(model.path);
  try {
    const { card } = await calibrateCard({ predictor, card: predictor.card, validation: validation!, policy: 'specificity:0.9' });
    await writeCard(model, card);
    return card;
  } finally {
    await predictor.dispose();
  }
}

/** Sets the checkpoint's best monitored value (lower is better): 1e308, the next epoch improves on it; -1e308, it does not. */
async function setBestValue(run: string, value: number): Promise<void> {
  const path = join(run, 'checkpoint', 'state.json');
  const state = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...state, bestValue: value }));
}

describe('train --resume after medimg calibrate', () => {
  let dir: string;
  let options: TrainOptions;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    registerTinyArchitecture();
    dir = await tempDir('resume-calibrated');
    options = {
      train: syntheticXraySet({ perClass: 16, size: 32, seed: 1 }), validation: syntheticXraySet({ perClass: 10, size: 32, seed: 2 }),
      architecture: 'test-tiny', outDir: '', epochs: 2, batchSize: 16, lr: 3e-3, seed: 5, earlyStoppingPatience: 0,
    };
  });

  it('keeps the re-fitted card while best/ keeps its model; a new best epoch replaces it with a warning and the fix', async () => {
    const run = join(dir, 'run');
    await train({ ...options, outDir: run });
    const trained = await readModelCard(join(run, 'best'));
    const calibrated = await calibrate(run, options.validation);
    expect(calibrated.thresholdPolicy).toMatchObject({ name: 'specificity:0.9', fittedBy: 'calibrate' });
    const bestJson = await readFile(join(run, 'best', MODEL_JSON), 'utf8');
    expect(bestJson).toContain('"fittedBy":"calibrate"');

    // Nothing left to train: best/ (and its card) stay as calibrate wrote them.
    const idle = createMemoryLogger();
    const none = await train({ ...options, outDir: run, resume: true, logger: idle });
    expect(none.epochsThisRun).toBe(0);
    expect(await readFile(join(run, 'best', MODEL_JSON), 'utf8')).toBe(bestJson);

    // A resumed epoch that does not beat the best: last/ moves on, best/ is untouched, no warning.
    await setBestValue(run, -1e308);
    const quiet = createMemoryLogger();
    const third = await train({ ...options, outDir: run, epochs: 3, resume: true, logger: quiet });
    expect(third.epochsThisRun).toBe(1);
    expect(third.history[2]!.improved).toBe(false);
    expect(third.bestEpoch).toBe(trained.provenance['epoch']);
    expect(await readFile(join(run, 'best', MODEL_JSON), 'utf8')).toBe(bestJson);
    expect((await readModelCard(join(run, 'last'))).provenance['epoch']).toBe(3);
    expect(quiet.records.filter((r) => r.level === 'warn')).toEqual([]);

    // A resumed epoch that becomes the best: the re-fit belonged to the old weights, so best/ gets the epoch's own
    // card, and the logger says so with the command that re-fits the new model.
    await setBestValue(run, 1e308);
    const loud = createMemoryLogger();
    const fourth = await train({ ...options, outDir: run, epochs: 4, resume: true, logger: loud });
    expect(fourth.bestEpoch).toBe(4);
    expect((await readCheckpoint(run)).bestEpoch).toBe(4);
    const replaced = await readModelCard(join(run, 'best'));
    expect(replaced.provenance['epoch']).toBe(4);
    expect(replaced.thresholdPolicy.fittedBy).toBeUndefined();
    const warnings = loud.records.filter((r) => r.level === 'warn').map((r) => r.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${join(run, 'best')} held a card re-fitted by medimg calibrate (threshold ${calibrated.threshold.toFixed(4)}, policy specificity:0.9 on validation)`);
    expect(warnings[0]).toContain(`Fix: re-fit them on the new model with medimg calibrate --model ${run} --data-dir DATA --policy specificity:0.9`);
  });
});
