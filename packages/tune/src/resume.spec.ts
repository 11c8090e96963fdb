import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tune, searchSpaceFromLists, readTrialStore } from './index';
import { tunePackageRoot } from './executor/package-files';
import { tempDir, writeMetricRunner, removeTempDirs } from './test-support/runner-fixtures';

afterAll(removeTempDirs);

const DIST = join(tunePackageRoot(), 'dist', 'index.cjs');

function storeLines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}')).length : 0;
}

describe('resume after the search process is SIGKILLed', () => {
  it('skips the finished trials and reruns the unfinished one', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing. Build first: npx nx run tune:build`);
    const dir = tempDir('resume');
    const runner = writeMetricRunner(dir);
    const outDir = join(dir, 'search');
    const runLog = join(dir, 'runs.log');
    const space = { lr: [0.001, 0.01], batchSize: [10, 20] };
    const runnerOptions = { runLog, sleepMs: 400 };
    const script = join(dir, 'search.cjs');
    writeFileSync(
      script,
      `const t = require(${JSON.stringify(DIST)});
t.tune({ outDir: ${JSON.stringify(outDir)}, space: t.searchSpaceFromLists(${JSON.stringify(space)}), epochs: 2, parallel: 1,
  runner: ${JSON.stringify(runner)}, runnerOptions: ${JSON.stringify(runnerOptions)} }).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
    );
    const storePath = join(outDir, 'trials.jsonl');
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const deadline = Date.now() + 60000;
    while (storeLines(storePath) < 2) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`search did not record 2 trials: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // the orphaned worker notices the lost IPC channel and exits
    const before = await readTrialStore(storePath);
    expect(before.results.length).toBe(2);
    expect(existsSync(join(outDir, 'summary.json'))).toBe(false);
    appendFileSync(storePath, '{"id":"torn-by-a-kil'); // and a torn line, as a kill mid-append leaves it

    const summary = await tune({ outDir, space: searchSpaceFromLists(space), epochs: 2, parallel: 1, runner, runnerOptions });
    expect(summary.counts).toEqual({ total: 4, ok: 4, failed: 0, resumed: 2, ran: 2 });
    const runs = readFileSync(runLog, 'utf8').trim().split('\n');
    for (const r of before.results) expect(runs.filter((k) => k === r.key)).toHaveLength(1);
    const after = await readTrialStore(storePath);
    expect(after.skipped).toEqual([]);
    expect(after.results).toHaveLength(4);
    expect(new Set(after.results.map((r) => r.key)).size).toBe(4);
    expect(summary.best?.params).toEqual({ lr: 0.01, batchSize: 10 });

    // A third run finds everything done and runs nothing.
    const again = await tune({ outDir, space: searchSpaceFromLists(space), epochs: 2, parallel: 1, runner, runnerOptions });
    expect(again.counts).toMatchObject({ resumed: 4, ran: 0 });
    expect(readFileSync(runLog, 'utf8').trim().split('\n')).toHaveLength(runs.length);
    expect(again.trials.map((t) => t.id)).toEqual(summary.trials.map((t) => t.id));
  });
});
