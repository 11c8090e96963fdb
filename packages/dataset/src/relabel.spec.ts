import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidationError } from '@medimg/core';
import { generateSyntheticXrays } from './synthetic/generate-synthetic';
import { parseRelabelRules, relabelDataset } from './relabel';
import { tempDir } from './spec-helpers';

describe('relabelDataset', () => {
  it("moves Kermany's bacteria/virus files into their own classes by hard link, keeping NORMAL and the splits", async () => {
    const src = await tempDir('relabel-src');
    const synth = await generateSyntheticXrays({ outDir: src, perClass: 12, size: 16, seed: 5, splits: { test: 4, val: 0 } });
    await writeFile(join(src, 'train', 'PNEUMONIA', 'person77_other_1.jpeg'), await import('node:fs/promises').then((m) => m.readFile(join(src, 'train', 'NORMAL', 'IM-0001-0001.jpeg'))));
    await writeFile(join(src, 'train', '.DS_Store'), 'x');
    const out = join(await tempDir('relabel-out'), 'D3');
    const result = await relabelDataset({ dataDir: src, outDir: out, rules: parseRelabelRules('bacteria=BACTERIA, virus=VIRUS') });
    const pneumoniaFiles = await readdir(join(src, 'train', 'PNEUMONIA'));
    const bacteria = pneumoniaFiles.filter((f) => f.includes('bacteria')).length;
    const virus = pneumoniaFiles.filter((f) => f.includes('virus')).length;
    expect(bacteria).toBeGreaterThan(0);
    expect(virus).toBeGreaterThan(0);
    expect(result.counts['train']).toEqual({ NORMAL: 12, BACTERIA: bacteria, VIRUS: virus, PNEUMONIA: 1 });
    expect(Object.values(result.counts['test'] ?? {}).reduce((a, b) => a + b, 0)).toBe(8);
    expect(result.files).toBe(synth.files + 1);
    expect(result.linked + result.copied).toBe(result.files);
    expect(result.linked).toBe(result.files); // same file system: hard links
    const one = (await readdir(join(out, 'train', 'VIRUS')))[0] as string;
    expect((await stat(join(out, 'train', 'VIRUS', one))).ino).toBe((await stat(join(src, 'train', 'PNEUMONIA', one))).ino);
    await expect(readdir(join(out, 'train', '.DS_Store'))).rejects.toThrow();
    // a second run into the same folder refuses instead of mixing trees
    await expect(relabelDataset({ dataDir: src, outDir: out, rules: parseRelabelRules('virus=VIRUS') })).rejects.toThrow(/already exists and is not empty.*Fix: choose a new --out/);
    await expect(relabelDataset({ dataDir: src, outDir: join(src, 'x'), rules: parseRelabelRules('virus=VIRUS') })).rejects.toThrow(/is inside the source.*Fix: choose a folder outside/);
  });

  it('rejects malformed rules naming the bad part', () => {
    expect(() => parseRelabelRules('bacteria')).toThrow(/rule 'bacteria' is not MATCH=CLASS/);
    expect(() => parseRelabelRules('a=../X')).toThrow(/Fix: write rules like/);
    let error: unknown;
    try {
      parseRelabelRules(' , ');
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
  });
});
