import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '@medimg/core';
import { tune, localProcessExecutor, presets, searchSpaceFromLists, readTrialStore, formatSummaryMarkdown } from './index';
import { tempDir, writeMetricRunner, writeTfjsRunner, removeTempDirs } from './test-support/runner-fixtures';

afterAll(removeTempDirs);

describe('tune (trials in real child processes; needs packages/tune/dist: build first)', () => {
  it('runs the refkit grid of 4 with real tfjs training and writes a sorted summary, the store and best/', async () => {
    const out = tempDir('grid');
    const runner = writeTfjsRunner(out);
    const preset = presets['refkit'];
    if (!preset) throw new Error('refkit preset missing');
    const ends: number[] = [];
    const summary = await tune({ outDir: join(out, 'search'), space: preset.space, epochs: 3, runner, parallel: 2, onTrialEnd: (_r, p) => ends.push(p.done) });

    expect(summary.counts).toEqual({ total: 4, ok: 4, failed: 0, resumed: 0, ran: 4 });
    expect(ends).toEqual([1, 2, 3, 4]);
    expect(summary.parallel).toBe(2);
    const aucs = summary.trials.map((t) => t.objective as number);
    expect([...aucs].sort((a, b) => b - a)).toEqual(aucs);
    expect(new Set(summary.trials.map((t) => `${t.params['lr']}/${t.params['batchSize']}`))).toEqual(new Set(['0.001/10', '0.001/20', '0.01/10', '0.01/20']));
    for (const t of summary.trials) {
      expect(t.budget).toBe(3);
      expect(t.metrics['auc']).toBeGreaterThanOrEqual(0);
      expect(t.metrics['auc']).toBeLessThanOrEqual(1);
      expect(Number.isFinite(t.metrics['loss'])).toBe(true);
      expect(existsSync(join(out, 'search', 'trials', t.id, 'model', 'weights.bin'))).toBe(true);
    }
    // The separable data is learnt: the best trial beats chance clearly.
    expect(summary.best?.objective).toBeGreaterThan(0.8);

    const store = await readTrialStore(join(out, 'search', 'trials.jsonl'));
    expect(store.results).toHaveLength(4);
    const json = JSON.parse(readFileSync(join(out, 'search', 'summary.json'), 'utf8')) as { trials: { id: string }[] };
    expect(json.trials.map((t) => t.id)).toEqual(summary.trials.map((t) => t.id));
    const md = readFileSync(join(out, 'search', 'summary.md'), 'utf8');
    expect(md).toBe(formatSummaryMarkdown(summary));
    expect(md.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(4);
    const bestParams = JSON.parse(readFileSync(join(out, 'search', 'best', 'params.json'), 'utf8')) as { id: string; params: unknown };
    expect(bestParams.id).toBe(summary.best?.id);
    expect(existsSync(join(out, 'search', 'best', 'weights.bin'))).toBe(true);
  });

  it('records throwing, crashing, exiting and NaN trials as failed while the others complete', async () => {
    const out = tempDir('fail');
    const runner = writeMetricRunner(out);
    const space = searchSpaceFromLists({ lr: [0.001, 0.01], mode: ['ok', 'throw', 'crash', 'nan', 'nan-auc', 'exit', 'oom'] });
    const logger = createMemoryLogger();
    // A 64 MB heap per worker: the 'oom' trials die of V8 heap exhaustion, as a runaway trial would.
    const executor = localProcessExecutor({ parallel: 2, maxOldSpaceMb: 64 });
    const summary = await tune({ outDir: join(out, 'search'), space, runner, executor, epochs: 2, logger });

    expect(summary.counts).toMatchObject({ total: 14, ok: 2, failed: 12 });
    expect(summary.trials.slice(0, 2).map((t) => t.params['mode'])).toEqual(['ok', 'ok']);
    expect(summary.best?.params).toEqual({ lr: 0.01, mode: 'ok' });
    const error = (mode: string): string => summary.trials.find((t) => t.params['mode'] === mode)?.error ?? '';
    expect(error('throw')).toContain('deliberate failure');
    expect(error('crash')).toContain('SIGKILL');
    expect(error('exit')).toContain('code 3');
    expect(error('oom')).toMatch(/heap out of memory|SIGABRT|134/i);
    expect(error('nan')).toContain('loss=NaN (training diverged)');
    expect(error('nan-auc')).toContain('auc=NaN');
    for (const t of summary.trials.slice(2)) {
      expect(t.status).toBe('failed');
      expect(t.objective).toBeNull();
    }
    expect((await readTrialStore(join(out, 'search', 'trials.jsonl'))).results).toHaveLength(14);
    expect(logger.records.filter((r) => r.level === 'info' && r.message.includes('FAILED'))).toHaveLength(12);
  });

  it('halving runs many short trials and promotes the top 1/eta to eta x the budget', async () => {
    const out = tempDir('halving');
    const runner = writeMetricRunner(out);
    const space = { lr: { type: 'number' as const, min: 1e-4, max: 1e-1, scale: 'log' as const } };
    const summary = await tune({ outDir: join(out, 'search'), space, runner, strategy: 'halving', trials: 9, epochs: 9, strategySettings: { eta: 3 }, parallel: 2, seed: 7 });

    const byRung = (rung: number) => summary.trials.filter((t) => t.rung === rung);
    expect(byRung(0).map((t) => t.budget)).toEqual(Array(9).fill(1));
    expect(byRung(1).map((t) => t.budget)).toEqual([3, 3, 3]);
    expect(byRung(2).map((t) => t.budget)).toEqual([9]);
    // The promoted trials are exactly the best three of rung 0 (closest to lr 0.01), then the best of those.
    const closest = (ts: typeof summary.trials) => [...ts].sort((a, b) => Math.abs(Math.log10(a.params['lr'] as number) + 2) - Math.abs(Math.log10(b.params['lr'] as number) + 2));
    expect(new Set(byRung(1).map((t) => t.params['lr']))).toEqual(new Set(closest(byRung(0)).slice(0, 3).map((t) => t.params['lr'])));
    expect(byRung(2)[0]?.params['lr']).toBe(closest(byRung(0))[0]?.params['lr']);
    expect(summary.best?.budget).toBe(9);
    expect(summary.best?.params).toEqual(byRung(2)[0]?.params);
  });

  it('rejects bad options with every problem listed', async () => {
    await expect(tune({ outDir: '', space: {}, runner: { module: 'x', exportName: 'y' }, strategy: 'nope', epochs: 0 })).rejects.toThrow(/outDir[\s\S]*at least one parameter[\s\S]*strategy[\s\S]*epochs/);
  });
});
