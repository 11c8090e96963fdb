import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticXrays } from '@medimg/dataset';
import { readModelMetadata } from '@medimg/core';
import { createMemoryLogger } from '@medimg/core';
import { tune, searchSpaceFromLists, trainRunnerSpec, prepareTrainRunnerData } from '../index';
import { tempDir, removeTempDirs } from '../test-support/runner-fixtures';

afterAll(removeTempDirs);

describe('trainRunner (real @medimg/train in worker processes; needs built dist)', () => {
  it('trains a grid of 2 on generated X-rays and keeps the best model', async () => {
    const dir = tempDir('train');
    const dataDir = join(dir, 'data');
    // 12 per class (19 train, 5 validation after the split) at 32 px, compact-cnn's smallest input (a multiple of
    // 32): the test is about tune driving real training in workers, so the set is as small as the model allows.
    await generateSyntheticXrays({ outDir: dataDir, perClass: 12, size: 32, seed: 3, splits: { test: 0, val: 0 } });
    const out = join(dir, 'search');
    const runnerOptions = { dataDir, imageSize: 32, channels: 1 as const, valSplit: 0.25, cacheDir: join(dir, 'cache'), backend: 'wasm' as const, train: { earlyStoppingPatience: 0 } };
    // Fill the pixel cache once, as `medimg tune` does: parallel trials then only read it.
    await prepareTrainRunnerData(runnerOptions, 1, createMemoryLogger());
    const summary = await tune({
      outDir: out,
      space: searchSpaceFromLists({ lr: [0.001, 0.003], batchSize: [8] }),
      epochs: 2,
      runner: trainRunnerSpec(),
      runnerOptions: { ...runnerOptions },
      parallel: 2,
    });
    if (summary.counts.failed > 0) throw new Error(summary.trials.map((t) => t.error ?? '').join('\n'));
    expect(summary.counts).toMatchObject({ total: 2, ok: 2 });
    for (const t of summary.trials) {
      expect(t.metrics['epochsRun']).toBe(2);
      expect(t.metrics['auc']).toBeGreaterThanOrEqual(0);
      expect(t.metrics['auc']).toBeLessThanOrEqual(1);
      expect(t.metrics['accuracy']).toBeGreaterThan(0);
      expect(existsSync(join(out, 'trials', t.id, 'train', 'result.json'))).toBe(true);
    }
    expect((summary.trials[0]?.objective ?? 0) >= (summary.trials[1]?.objective ?? 0)).toBe(true);
    const meta = await readModelMetadata(join(out, 'best'));
    expect(meta.preprocessing.imageSize).toBe(32);
    const params = JSON.parse(readFileSync(join(out, 'best', 'params.json'), 'utf8')) as { params: { lr: number } };
    expect(params.params.lr).toBe(summary.best?.params['lr']);
  });
});
