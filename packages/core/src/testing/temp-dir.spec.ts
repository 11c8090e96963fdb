import { stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { removeTempDirs, tempDir } from './temp-dir';

describe('tempDir', () => {
  it('makes a fresh medimg-PREFIX-* folder under the OS temp dir each call, and removeTempDirs deletes them with their files', async () => {
    const a = await tempDir('probe');
    const b = await tempDir('probe');
    expect(a).not.toBe(b);
    expect(dirname(a)).toBe(tmpdir());
    expect(basename(a)).toMatch(/^medimg-probe-.{6}$/);
    await writeFile(join(a, 'f.txt'), 'x');
    expect((await stat(a)).isDirectory()).toBe(true);
    await removeTempDirs();
    await expect(stat(a)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(b)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
