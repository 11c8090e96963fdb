import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSyntheticXrays } from './synthetic/generate-synthetic';
import { decodeWithCache } from './pixel-cache';
import { tempDir } from './spec-helpers';

describe('pixel cache', () => {
  let files: string[];
  beforeAll(async () => {
    const root = await tempDir('pc');
    await generateSyntheticXrays({ outDir: root, perClass: 12, size: 48, seed: 5, splits: { test: 0, val: 0 } });
    files = [];
    for (const c of ['NORMAL', 'PNEUMONIA']) for (const f of (await readdir(join(root, 'train', c))).sort()) files.push(join(root, 'train', c, f));
  });
  const decode = { imageSize: 16, channels: 1 as const, resize: 'stretch' as const, decoder: 'jimp' as const };

  it('resumes a killed decode pass from its chunk files and ends with the same cache as an uninterrupted pass', async () => {
    const cacheDir = await tempDir('pc-cache');
    let seen = 0;
    const killed = decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9, chunkSize: 5, onProgress: () => {
      if (++seen === 12) throw new Error('killed');
    } });
    await expect(killed).rejects.toThrow('killed');
    const parts = (await readdir(cacheDir)).filter((f) => f.endsWith('.parts'));
    expect(parts).toHaveLength(1);
    expect((await readdir(join(cacheDir, parts[0] as string))).filter((f) => f.startsWith('chunk-'))).toHaveLength(2);
    const resumed = await decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9, chunkSize: 5 });
    expect(resumed.hit).toBe(false);
    expect(resumed.decoded).toBe(files.length - 10);
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.bin$/)]);
    const fresh = await decodeWithCache({ paths: files, decode, cacheDir: await tempDir('pc-fresh'), workers: 1, memoryBudgetBytes: 1e9 });
    const all = Array.from({ length: files.length }, (_, i) => i);
    expect(Buffer.from(await resumed.store.readMany(all)).equals(Buffer.from(await fresh.store.readMany(all)))).toBe(true);
    const hit = await decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9 });
    expect(hit.hit).toBe(true);
    expect(hit.decoded).toBe(0);
  });

  it('lets concurrent fills of the same cache take turns: one decodes, the other reads its result', async () => {
    const cacheDir = await tempDir('pc-concurrent');
    const [a, b] = await Promise.all([
      decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9, chunkSize: 5 }),
      decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9, chunkSize: 5 }),
    ]);
    expect([a.hit, b.hit].sort()).toEqual([false, true]);
    expect(a.decoded + b.decoded).toBe(files.length);
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.bin$/)]);
  });

  it('rebuilds a corrupt cache file instead of using it', async () => {
    const cacheDir = await tempDir('pc-corrupt');
    const first = await decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9 });
    await writeFile(first.file, Buffer.from('MEDIMGC1garbage'));
    const again = await decodeWithCache({ paths: files, decode, cacheDir, workers: 1, memoryBudgetBytes: 1e9 });
    expect(again.hit).toBe(false);
    expect(again.decoded).toBe(files.length);
    expect(again.entries.filter((e) => e.ok)).toHaveLength(files.length);
  });
});
