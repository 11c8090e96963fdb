import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStore } from '@medimg/tune';
import { startRedis, type TestRedis } from '../test-support/redis-server';
import { createNetwork, netnsUnavailable, type TestNetwork } from '../test-support/netns';
import { readRunLog, removeTempDirs, spawnWorker, stopWorkers, tempDir, waitFor, writeEpochRunner, type SpawnedWorker } from '../test-support/fixtures';

// Redis, the chief and two workers each in their own network namespace (one "host" each), joined by veth pairs;
// one worker's link is cut mid-trial. Skipped, with the reason, where namespaces are not permitted.
const unavailable = netnsUnavailable();
const maybe = unavailable === null ? it : it.skip;
if (unavailable !== null) process.stderr.write(`several-hosts.spec: skipped: ${unavailable}\n`);

describe(`tune across network namespaces${unavailable === null ? '' : ` (skipped: ${unavailable})`}`, () => {
  let net: TestNetwork | undefined;
  let redis: TestRedis | undefined;
  const workers: SpawnedWorker[] = [];
  afterAll(async () => {
    await stopWorkers(workers);
    await redis?.stop();
    net?.remove();
    removeTempDirs();
  });

  maybe('a worker whose link is cut mid-trial loses the trial to the other worker; each trial stored once', async () => {
    const dir = tempDir('netns');
    net = createNetwork(['chief', 'w1', 'w2']);
    const hosts = net.hosts;
    redis = await startRedis({ prefix: ['ip', 'netns', 'exec', net.hub], bind: '0.0.0.0', host: '10.213.1.1' });
    const urlFrom = (host: string): string => `redis://${hosts[host]?.redisHost}:${redis?.port}`;
    const locks = { lockDurationMs: 1500, stalledIntervalMs: 500 };
    for (const name of ['w1', 'w2']) workers.push(spawnWorker({ url: urlFrom(name), name, workDir: join(dir, name), ...locks }, ['ip', 'netns', 'exec', hosts[name]?.ns as string]));
    await Promise.all(workers.map((w) => w.ready));

    const runner = writeEpochRunner(dir);
    const runLog = join(dir, 'runs.log');
    const outDir = join(dir, 'out');
    const dist = (pkg: string): string => join(__dirname, '..', '..', '..', pkg, 'dist', 'index.cjs');
    const script = join(dir, 'chief.cjs');
    writeFileSync(
      script,
      `const t = require(${JSON.stringify(dist('tune'))}); const d = require(${JSON.stringify(dist('distributed'))});
t.tune({ outDir: ${JSON.stringify(outDir)}, space: t.searchSpaceFromLists({ lr: [0.001, 0.01] }), epochs: 3, runner: ${JSON.stringify(runner)},
  runnerOptions: { runLog: ${JSON.stringify(runLog)}, epochMs: 1000 }, executor: d.redisExecutor({ url: ${JSON.stringify(urlFrom('chief'))} }) })
  .then((s) => { console.log(JSON.stringify(s.counts)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`,
    );
    const chief = spawn('ip', ['netns', 'exec', hosts['chief']?.ns as string, process.execPath, script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    chief.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    chief.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => chief.on('exit', (code, signal) => resolve(signal ?? code)));
    try {
      await waitFor('w1 to start a trial', () => readRunLog(runLog).some(([, w]) => w === 'w1'), 30000);
      const [cutKey] = readRunLog(runLog).find(([, w]) => w === 'w1') as [string, string];
      hosts['w1']?.cut();
      expect(await exited).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ total: 2, ok: 2, failed: 0 });
      const store = await readTrialStore(join(outDir, 'trials.jsonl'));
      expect(store.results.map((r) => r.key).sort()).toEqual([...new Set(readRunLog(runLog).map(([k]) => k))].sort());
      expect(store.results).toHaveLength(2);
      expect(readRunLog(runLog).filter(([k]) => k === cutKey).map(([, w]) => w)).toEqual(['w1', 'w2']);
      // The cut-off worker noticed it lost the job and stopped its trial process.
      await waitFor('w1 to give up the trial', () => workers[0]?.log().includes('lost the lock of job') ?? false, 10000);
    } finally {
      if (chief.exitCode === null) chief.kill('SIGKILL');
      if (stderr) process.stderr.write(stderr.slice(-2000));
    }
  });
});
