import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineDurable, writeFileAtomic } from './atomic-write';
import { diskFullErrorOf, isDiskFullError } from './errors/disk-full-error';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-atomic-'));
    const file = join(dir, 'sub', 'result.json');
    await writeFileAtomic(file, '{"a":1}');
    await writeFileAtomic(file, '{"a":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
    expect(await readdir(join(dir, 'sub'))).toEqual(['result.json']);
  });

  it('removes its temp file when the write fails, and leaves the target as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-atomic-fail-'));
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true }); // a non-empty directory: the rename fails
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['child']);
  });

  it('turns ENOSPC, EDQUOT and EFBIG into a DiskFullError naming the file, why and the fix; other errors pass through', () => {
    const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed, write`), { code });
    const full = diskFullErrorOf(errno('ENOSPC'), '/runs/a/result.json');
    expect(isDiskFullError(full)).toBe(true);
    expect(full?.message).toBe('Error writing /runs/a/result.json: no space left on the device (ENOSPC). /runs/a/result.json keeps its previous content (the write went to a temp file, now removed). Fix: free disk space (df -h) or raise the limit (ulimit -f, quota), then run the command again.');
    expect(diskFullErrorOf(errno('EFBIG'), '/x')?.reason).toBe('the file would exceed the file size limit (ulimit -f / RLIMIT_FSIZE)');
    expect(diskFullErrorOf(errno('EDQUOT'), '/x')?.errno).toBe('EDQUOT');
    expect(diskFullErrorOf(errno('EACCES'), '/x')).toBeUndefined();
    expect(diskFullErrorOf(new Error('plain'), '/x')).toBeUndefined();
    expect(diskFullErrorOf(full, '/other')).toBe(full);
  });

  it('appends durable JSON lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-append-'));
    const file = join(dir, 'log.jsonl');
    await writeFile(file, '');
    await appendLineDurable(file, '{"epoch":1}');
    await appendLineDurable(file, '{"epoch":2}\n');
    expect((await readFile(file, 'utf8')).split('\n')).toEqual(['{"epoch":1}', '{"epoch":2}', '']);
  });
});
