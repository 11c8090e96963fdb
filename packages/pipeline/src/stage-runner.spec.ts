import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@medimg/core';
import { runStage } from './stage-runner';

describe('runStage', () => {
  it('skips an unchanged stage, reruns when inputs or upstream change or when forced', async () => {
    const out = await mkdtemp(join(tmpdir(), 'medimg-stage-'));
    let runs = 0;
    const def = (inputs: unknown) => ({ name: 'train', inputs, run: async () => ({ runs: ++runs }) });
    const opts = { force: false, logger: silentLogger };
    const a = await runStage(out, def({ epochs: 2 }), [], opts);
    expect(a.skipped).toBe(false);
    const b = await runStage(out, def({ epochs: 2 }), [], opts);
    expect(b.skipped).toBe(true);
    expect(b.stamp.result).toEqual({ runs: 1 });
    expect((await runStage(out, def({ epochs: 3 }), [], opts)).skipped).toBe(false);
    const upstream = { stage: 'data', inputHash: 'x', finishedAt: 'later', seconds: 0, result: null };
    expect((await runStage(out, def({ epochs: 3 }), [upstream], opts)).skipped).toBe(false);
    expect((await runStage(out, def({ epochs: 3 }), [upstream], opts)).skipped).toBe(true);
    expect((await runStage(out, def({ epochs: 3 }), [upstream], { ...opts, force: true })).skipped).toBe(false);
    expect(runs).toBe(4);
    const stamp = JSON.parse(await readFile(join(out, 'train', 'stage.json'), 'utf8')) as { result: { runs: number } };
    expect(stamp.result.runs).toBe(4);
  });

  it('does not stamp a stage that failed, so it reruns', async () => {
    const out = await mkdtemp(join(tmpdir(), 'medimg-stage-fail-'));
    const failing = { name: 'onnx', inputs: {}, run: async (): Promise<number> => { throw new Error('boom'); } };
    await expect(runStage(out, failing, [], { force: false, logger: silentLogger })).rejects.toThrow('boom');
    let ran = false;
    await runStage(out, { name: 'onnx', inputs: {}, run: async () => { ran = true; return 1; } }, [], { force: false, logger: silentLogger });
    expect(ran).toBe(true);
  });
});
