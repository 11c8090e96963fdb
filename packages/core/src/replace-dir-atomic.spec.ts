import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirAtomic } from './replace-dir-atomic';
import { tempDir } from './testing';

describe('replaceDirAtomic', () => {
  it('replaces the directory with what fill wrote and leaves no temp or old directory behind', async () => {
    const dir = await tempDir('replace-dir');
    const target = join(dir, 'best');
    await mkdir(target);
    await writeFile(join(target, 'stale.txt'), 'old');
    await mkdir(`${target}.tmp`); // a leftover of a killed run
    await writeFile(join(`${target}.tmp`, 'half.txt'), 'half');
    await replaceDirAtomic(target, async (tmp) => writeFile(join(tmp, 'model.json'), '{"v":2}'));
    expect(await readdir(dir)).toEqual(['best']);
    expect(await readdir(target)).toEqual(['model.json']);
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('{"v":2}');
  });

  it('creates a missing target', async () => {
    const dir = await tempDir('replace-dir-new');
    await replaceDirAtomic(join(dir, 'last'), async (tmp) => writeFile(join(tmp, 'a.bin'), new Uint8Array([1, 2, 3])));
    expect([...(await readFile(join(dir, 'last', 'a.bin')))]).toEqual([1, 2, 3]);
  });

  it('leaves the target as it was and removes its temp directory when fill fails', async () => {
    const dir = await tempDir('replace-dir-fail');
    const target = join(dir, 'best');
    await mkdir(target);
    await writeFile(join(target, 'model.json'), '{"v":1}');
    const failing = async (tmp: string): Promise<void> => {
      await writeFile(join(tmp, 'model.json'), '{"v":2');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    await expect(replaceDirAtomic(target, failing)).rejects.toThrow(/no space left on the device \(ENOSPC\).*best keeps its previous content/);
    expect(await readdir(dir)).toEqual(['best']);
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('{"v":1}');
  });
});
