import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { medimg, tempDir } from './cli-run';

describe('medimg train --split-seed', () => {
  it.each(['1.5', '-3'])('refuses %s with exit code 2, the fix, and writes nothing', async (value) => {
    const dir = await tempDir('bad-split-seed');
    const out = join(dir, 'run');
    const r = await medimg(['train', '--data-dir', join(dir, 'no-data'), '--out', out, '--epochs', '1', '--split-seed', value, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Error in train: --split-seed must be an integer >= 0; got ${value}. Fix: pass the split seed the other members used`);
    expect(existsSync(out)).toBe(false);
  });
});
