import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStore, searchSpaceFromLists, tune, type TrialEpochProgress, type TuneOptions } from '@medimg/tune';
import { redisExecutor } from './redis-executor';
import { startRedis, type TestRedis } from '../test-support/redis-server';
import { readRunLog, removeTempDirs, spawnWorker, stopWorkers, tempDir, waitFor, type SpawnedWorker } from '../test-support/fixtures';
import { writeEpochRunner } from '../test-support/fixtures';

// Real redis-server, real worker processes (dist/worker-main.cjs), real trial child processes.
const FAST_LOCKS = { lockDurationMs: 1500, stalledIntervalMs: 500 };

let redis: TestRedis;
const workers: SpawnedWorker[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await stopWorkers(workers.splice(0));
});
afterAll(async () => {
  await redis?.stop();
  removeTempDirs();
});

async function startWorkers(dir: string, specs: { name: string; sharedOut?: 'auto' | 'never'; dataDir?: string }[]): Promise<SpawnedWorker[]> {
  const started = specs.map((s) => spawnWorker({ url: redis.url, workDir: join(dir, `work-${s.name}`), ...FAST_LOCKS, ...s }));
  workers.push(...started);
  await Promise.all(started.map((w) => w.ready));
  return started;
}

function search(dir: string, extra: Partial<TuneOptions> = {}): TuneOptions {
  return {
    outDir: join(dir, 'out'),
    space: searchSpaceFromLists({ lr: [0.001, 0.01], batchSize: [10, 20] }),
    epochs: 2,
    runner: writeEpochRunner(dir),
    runnerOptions: { runLog: join(dir, 'runs.log'), epochMs: 150 },
    ...extra,
  };
}

describe('tune on the redis executor', () => {
  it('2 workers finish a 4-trial grid: exactly 4 stored results, per-epoch progress, models shipped back', async () => {
    const dir = tempDir('grid');
    await startWorkers(dir, [{ name: 'w1' }, { name: 'w2', sharedOut: 'never', dataDir: '/mnt/w2-copy/data' }]);
    const executor = redisExecutor({ url: redis.url });
    await executor.ready();
    const epochs: (TrialEpochProgress & { worker?: string })[] = [];
    const base = search(dir);
    const summary = await tune({ ...base, runnerOptions: { ...base.runnerOptions, dataDir: join(dir, 'data') }, executor, onTrialEpoch: (_trial, p) => epochs.push(p) });
    await executor.close();

    expect(summary.counts).toEqual({ total: 4, ok: 4, failed: 0, resumed: 0, ran: 4 });
    const store = await readTrialStore(join(dir, 'out', 'trials.jsonl'));
    expect(store.results).toHaveLength(4);
    expect(new Set(store.results.map((r) => r.key)).size).toBe(4);
    const runs = readRunLog(join(dir, 'runs.log'));
    expect(runs).toHaveLength(4); // each trial ran once
    expect(new Set(runs.map(([, w]) => w))).toEqual(new Set(['w1', 'w2']));
    // Every epoch of every trial reported back to the chief, tagged with its worker.
    expect(epochs).toHaveLength(8);
    expect(new Set(epochs.map((e) => e.worker))).toEqual(new Set(['w1', 'w2']));
    // w2 wrote outside OUT and shipped its models through Redis; the chief's OUT holds all four.
    for (const r of store.results) {
      expect(r.modelDir).toBe(join(dir, 'out', 'trials', r.id, 'train', 'best'));
      const model = JSON.parse(readFileSync(join(r.modelDir as string, 'model.json'), 'utf8')) as { lr: number; budget: number; worker: string; dataDir: string };
      expect(model).toMatchObject({ lr: r.params['lr'], budget: 2 });
      // --data-dir on a worker replaces the chief's data path.
      expect(model.dataDir).toBe(model.worker === 'w2' ? '/mnt/w2-copy/data' : join(dir, 'data'));
    }
    expect(summary.best?.params).toEqual({ lr: 0.01, batchSize: 10 });
    expect(existsSync(join(dir, 'out', 'best', 'model.json'))).toBe(true);
  });

  it('a worker SIGKILLed mid-trial: the trial finishes on the other worker, still exactly 4 results', async () => {
    const dir = tempDir('kill');
    const [w1] = await startWorkers(dir, [{ name: 'w1' }, { name: 'w2' }]);
    const executor = redisExecutor({ url: redis.url });
    await executor.ready();
    const options = search(dir, { runnerOptions: { runLog: join(dir, 'runs.log'), epochMs: 400 } });
    const running = tune({ ...options, executor });
    await waitFor('w1 to start a trial', () => readRunLog(join(dir, 'runs.log')).some(([, w]) => w === 'w1'));
    const [killedKey] = readRunLog(join(dir, 'runs.log')).find(([, w]) => w === 'w1') as [string, string];
    w1?.child.kill('SIGKILL');
    const summary = await running;
    await executor.close();

    expect(summary.counts).toMatchObject({ total: 4, ok: 4, failed: 0 });
    const store = await readTrialStore(join(dir, 'out', 'trials.jsonl'));
    expect(store.results).toHaveLength(4);
    expect(new Set(store.results.map((r) => r.key)).size).toBe(4);
    const runs = readRunLog(join(dir, 'runs.log'));
    // The killed trial started on w1, then again on w2 (after its lock expired); it is stored once.
    expect(runs.filter(([k]) => k === killedKey).map(([, w]) => w)).toEqual(['w1', 'w2']);
    expect(store.results.filter((r) => r.key === killedKey)).toHaveLength(1);
    expect(runs.filter(([k]) => k !== killedKey)).toHaveLength(3);
  });

  it('the chief SIGKILLed and rerun with the same command resumes: no trial runs twice', async () => {
    const dir = tempDir('chief');
    await startWorkers(dir, [{ name: 'w1' }, { name: 'w2' }]);
    const options = search(dir, { runnerOptions: { runLog: join(dir, 'runs.log'), epochMs: 250 } });
    const dist = (pkg: string): string => join(__dirname, '..', '..', '..', pkg, 'dist', 'index.cjs');
    const script = join(dir, 'chief.cjs');
    writeFileSync(
      script,
      `const t = require(${JSON.stringify(dist('tune'))}); const d = require(${JSON.stringify(dist('distributed'))});
const o = ${JSON.stringify({ ...options, space: undefined })};
t.tune({ ...o, space: t.searchSpaceFromLists({ lr: [0.001, 0.01], batchSize: [10, 20] }), executor: d.redisExecutor({ url: ${JSON.stringify(redis.url)} }) })
  .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
    );
    const chief = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    chief.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => chief.on('exit', (code, signal) => resolve(signal ?? code)));
    const storePath = join(dir, 'out', 'trials.jsonl');
    await waitFor(`the chief to store a result (${stderr})`, async () => (await readTrialStore(storePath)).results.length >= 1);
    chief.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = (await readTrialStore(storePath)).results.length;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(4);

    const executor = redisExecutor({ url: redis.url });
    await executor.ready();
    const summary = await tune({ ...options, executor });
    await executor.close();
    expect(summary.counts).toMatchObject({ total: 4, ok: 4, resumed: before, ran: 4 - before });
    expect((await readTrialStore(storePath)).results).toHaveLength(4);
    // The trials queued by the killed chief kept running on the workers; the rerun collected them from Redis.
    const runs = readRunLog(join(dir, 'runs.log'));
    expect(runs).toHaveLength(4);
    expect(new Set(runs.map(([k]) => k)).size).toBe(4);
  });

  it('successive halving promotes across workers; a failing trial is retried up to the attempts, then recorded failed', async () => {
    const dir = tempDir('halving');
    await startWorkers(dir, [{ name: 'w1' }, { name: 'w2' }]);
    const executor = redisExecutor({ url: redis.url, attempts: 2 });
    await executor.ready();
    const halving = await tune({ ...search(dir, { runnerOptions: { runLog: join(dir, 'runs.log'), epochMs: 50 } }), strategy: 'halving', strategySettings: { eta: 2, minBudget: 1 }, executor });
    expect(halving.counts).toMatchObject({ total: 6, ok: 6, ran: 6 });
    const rung1 = halving.trials.filter((t) => t.rung === 1);
    expect(rung1.map((t) => t.budget)).toEqual([2, 2]);
    expect(rung1.map((t) => t.params).sort((a, b) => Number(a['batchSize']) - Number(b['batchSize']))).toEqual([
      { lr: 0.01, batchSize: 10 },
      { lr: 0.01, batchSize: 20 },
    ]);

    const failDir = join(dir, 'fail');
    const failing = await tune({ ...search(dir, { runnerOptions: { runLog: join(failDir, 'runs.log') } }), outDir: join(failDir, 'out'), space: searchSpaceFromLists({ lr: [0.01], mode: ['throw'] }), epochs: 1, executor });
    await executor.close();
    expect(failing.counts).toMatchObject({ total: 1, ok: 0, failed: 1 });
    expect(failing.trials[0]?.error).toMatch(/deliberate failure for lr=0.01[\s\S]*after 2 attempt\(s\)/);
    expect(readRunLog(join(failDir, 'runs.log'))).toHaveLength(2);
  });
});
