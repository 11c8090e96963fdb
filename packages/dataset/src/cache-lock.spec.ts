import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLock } from './cache-lock';

describe('acquireFileLock', () => {
  it('serialises holders: the second waits until the first releases', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-lock-'));
    const lock = join(dir, 'k.lock');
    const order: string[] = [];
    const releaseA = await acquireFileLock(lock);
    expect(await readFile(lock, 'utf8')).toBe(String(process.pid));
    let waited = 0;
    const b = acquireFileLock(lock, () => waited++, 20).then(async (release) => {
      order.push('b acquired');
      await release();
    });
    await new Promise((r) => setTimeout(r, 120));
    order.push('a releases');
    await releaseA();
    await b;
    expect(order).toEqual(['a releases', 'b acquired']);
    expect(waited).toBe(1);
  });

  it('takes over a lock whose owner process is dead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-lock-dead-'));
    const lock = join(dir, 'k.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    await writeFile(lock, String(pid));
    const release = await acquireFileLock(lock, undefined, 20);
    expect(await readFile(lock, 'utf8')).toBe(String(process.pid));
    await release();
  });
});
