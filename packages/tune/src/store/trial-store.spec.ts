import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendTrialResult, readTrialStore, repairTrialStore, latestByKey } from './trial-store';
import { createTrial } from '../space/trial-key';
import { tempDir, removeTempDirs } from '../test-support/runner-fixtures';

afterAll(removeTempDirs);
import type { TrialResult } from '../types';

function result(lr: number, status: 'ok' | 'failed' = 'ok'): TrialResult {
  const t = createTrial({ lr }, 5);
  return { ...t, status, metrics: status === 'ok' ? { auc: lr } : {}, objective: status === 'ok' ? lr : null, seconds: 1, startedAt: 'a', finishedAt: 'b' };
}

describe('trial store (JSON Lines)', () => {
  it('reads a missing file as empty, and appended results back in order', async () => {
    const path = join(tempDir('store'), 'trials.jsonl');
    expect(await readTrialStore(path)).toEqual({ results: [], skipped: [], tornTail: false });
    await appendTrialResult(path, result(0.1));
    await appendTrialResult(path, result(0.2));
    const store = await readTrialStore(path);
    expect(store.results.map((r) => r.params['lr'])).toEqual([0.1, 0.2]);
    expect(store.tornTail).toBe(false);
  });

  it('tolerates a torn last line and a damaged middle line, and repair cuts only the torn tail', async () => {
    const path = join(tempDir('torn'), 'trials.jsonl');
    await appendTrialResult(path, result(0.1));
    appendFileSync(path, 'not json\n');
    await appendTrialResult(path, result(0.2));
    const full = JSON.stringify(result(0.3));
    appendFileSync(path, full.slice(0, 40));
    const store = await readTrialStore(path);
    expect(store.results.map((r) => r.params['lr'])).toEqual([0.1, 0.2]);
    expect(store.tornTail).toBe(true);
    expect(store.skipped).toEqual([
      { line: 2, reason: 'invalid JSON' },
      { line: 4, reason: 'torn last line (interrupted write)' },
    ]);
    const sizeBefore = readFileSync(path).length;
    expect(await repairTrialStore(path)).toBe(40);
    expect(readFileSync(path).length).toBe(sizeBefore - 40);
    await appendTrialResult(path, result(0.3));
    const repaired = await readTrialStore(path);
    expect(repaired.results.map((r) => r.params['lr'])).toEqual([0.1, 0.2, 0.3]);
    expect(repaired.tornTail).toBe(false);
    expect(await repairTrialStore(path)).toBe(0);
  });

  it('repairs a file that is one torn line only', async () => {
    const path = join(tempDir('torn1'), 'trials.jsonl');
    writeFileSync(path, '{"id":"x"');
    expect(await repairTrialStore(path)).toBe(9);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('keeps the latest line per trial key', () => {
    const failed = result(0.1, 'failed');
    const ok = result(0.1, 'ok');
    expect(latestByKey([failed, ok]).get(ok.key)?.status).toBe('ok');
    expect(latestByKey([ok, failed]).get(ok.key)?.status).toBe('failed');
  });
});
