import { basename, join, relative } from 'node:path';
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { fileListDigest, isDataError, isValidationError } from '@medimg/core';
import { datasetDigest } from './file-list-digest';
import { prepareData } from './prepare-data';
import { loadSplit } from './load-split';
import { patientIdOf } from './patient-id';
import { messyDataset, tempDir } from './spec-helpers';
import type { LabeledImageSet } from '@medimg/core';

async function allPixels(set: LabeledImageSet, shuffleSeed?: number): Promise<{ pixels: Uint8Array[]; indices: number[] }> {
  const pixels: Uint8Array[] = [];
  const indices: number[] = [];
  for await (const b of set.batches({ batchSize: 7, ...(shuffleSeed === undefined ? {} : { shuffleSeed }) })) {
    pixels.push(b.pixels);
    indices.push(...b.indices);
    expect(b.pixels.length).toBe(b.size * set.shape[0] * set.shape[1] * set.shape[2]);
  }
  return { pixels, indices };
}

describe('prepareData on a messy synthetic folder', () => {
  let fx: Awaited<ReturnType<typeof messyDataset>>;
  let cacheDir: string;
  beforeAll(async () => {
    fx = await messyDataset(40, 64);
    cacheDir = await tempDir('cache');
  });

  it('skips and names stray, truncated and non-image files; splits 90:10 stratified with patients on one side', async () => {
    const data = await prepareData({ dataDir: fx.root, imageSize: 32, channels: 1, cacheDir, decoder: 'jimp', workers: 1 });
    expect(data.classNames).toEqual(['NORMAL', 'PNEUMONIA']);
    const r = data.report.splits.train;
    if (!r) throw new Error('no train report');
    const reasons = new Map(r.skipped.map((s) => [basename(s.path), s.reason]));
    expect(reasons.get('.DS_Store')).toMatch(/hidden/);
    expect(reasons.get('notes.txt')).toMatch(/not an image/);
    expect(reasons.get(basename(fx.truncated))).toMatch(/truncated JPEG/);
    expect(reasons.get(basename(fx.garbage))).toMatch(/not a JPEG or PNG/);
    expect(r.skipped).toHaveLength(4);
    // 40 synthetic + 1 duplicate NORMAL, 40 PNEUMONIA usable
    expect(r.counts).toEqual({ NORMAL: 41, PNEUMONIA: 40 });
    expect(r.duplicateGroups).toEqual([[relative(r.dir, fx.original), relative(r.dir, fx.duplicate)].sort()].map((g) => g.sort()));
    expect(data.train.size + data.validation.size).toBe(81);
    const sides = data.report.sides;
    if (!sides) throw new Error('no sides');
    expect(Math.abs((sides.validation.counts['NORMAL'] ?? 0) - 4)).toBeLessThanOrEqual(2);
    expect(Math.abs((sides.validation.counts['PNEUMONIA'] ?? 0) - 4)).toBeLessThanOrEqual(2);
    const trainPatients = new Set(Array.from({ length: data.train.size }, (_, i) => patientIdOf(data.train.path(i))));
    for (let i = 0; i < data.validation.size; i++) expect(trainPatients.has(patientIdOf(data.validation.path(i)))).toBe(false);
    expect(sides.train.patients + sides.validation.patients).toBeLessThan(81);
    // byte-identical duplicates land on the same side
    const valNames = new Set(Array.from({ length: data.validation.size }, (_, i) => data.validation.path(i)));
    expect(valNames.has(fx.original)).toBe(valNames.has(fx.duplicate));
    expect(data.report.decoder).toBe('jimp');
    expect(data.train.labels.length).toBe(data.train.size);
  });

  it('reads the cache the second time (same pixels, nothing decoded) and the split is stable', async () => {
    const a = await prepareData({ dataDir: fx.root, imageSize: 24, channels: 3, cacheDir, decoder: 'jimp', workers: 2, includeTest: true });
    const b = await prepareData({ dataDir: fx.root, imageSize: 24, channels: 3, cacheDir, decoder: 'jimp', workers: 1, includeTest: true });
    expect(a.report.cacheMisses).toBe(2);
    expect(b.report.cacheHits).toBe(2);
    expect(b.report.splits.train?.decoded).toBe(0);
    expect(b.test?.size).toBe(20);
    expect(b.report.splits.test?.counts).toEqual({ NORMAL: 10, PNEUMONIA: 10 });
    const pa = await allPixels(a.validation);
    const pb = await allPixels(b.validation);
    expect(Buffer.concat(pb.pixels).equals(Buffer.concat(pa.pixels))).toBe(true);
    expect(Array.from({ length: b.validation.size }, (_, i) => b.validation.path(i))).toEqual(Array.from({ length: a.validation.size }, (_, i) => a.validation.path(i)));
    const other = await prepareData({ dataDir: fx.root, imageSize: 24, channels: 3, cacheDir, decoder: 'jimp', seed: 7 });
    expect(Array.from({ length: other.validation.size }, (_, i) => other.validation.path(i))).not.toEqual(Array.from({ length: a.validation.size }, (_, i) => a.validation.path(i)));
    // the split manifest names the validation files (relative to the train folder) and digests them; seed 7 differs
    const trainDir = a.report.splits.train!.dir;
    const valFiles = Array.from({ length: a.validation.size }, (_, i) => relative(trainDir, a.validation.path(i))).sort();
    expect(a.split).toMatchObject({ seed: 42, valSplit: 0.1, grouping: 'patient', stratified: true, trainCount: a.train.size, validation: { count: a.validation.size, files: valFiles } });
    expect(a.split.validation.digest).toBe(fileListDigest(valFiles));
    expect(b.split).toEqual(a.split);
    expect(other.split.seed).toBe(7);
    expect(other.split.validation.digest).not.toBe(a.split.validation.digest);
    expect(b.datasetDigest).toBe(a.datasetDigest);
    expect(a.datasetDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('invalidates the cache when a file changes', async () => {
    const first = await loadSplit({ dataDir: fx.root, split: 'train', imageSize: 20, channels: 1, cacheDir, decoder: 'jimp', workers: 1 });
    const again = await loadSplit({ dataDir: fx.root, split: 'train', imageSize: 20, channels: 1, cacheDir, decoder: 'jimp', workers: 1 });
    expect(again.report.cacheHits).toBe(1);
    const later = new Date(Date.now() + 5000);
    await utimes(fx.duplicate, later, later);
    const changed = await loadSplit({ dataDir: fx.root, split: 'train', imageSize: 20, channels: 1, cacheDir, decoder: 'jimp', workers: 1 });
    expect(changed.report.cacheMisses).toBe(1);
    expect(changed.report.splits.train?.cacheFile).not.toBe(first.report.splits.train?.cacheFile);
    const digest = await datasetDigest(fx.root);
    await utimes(fx.duplicate, new Date(Date.now() + 9000), new Date(Date.now() + 9000));
    expect(await datasetDigest(fx.root)).not.toBe(digest);
  });

  it('streams from the cache file when over the memory budget, with the same batches', async () => {
    const mem = await loadSplit({ dataDir: fx.root, split: 'test', imageSize: 16, channels: 1, cacheDir, decoder: 'jimp', workers: 1 });
    const disk = await loadSplit({ dataDir: fx.root, split: 'test', imageSize: 16, channels: 1, cacheDir, decoder: 'jimp', workers: 1, memoryBudgetBytes: 0 });
    expect(mem.report.splits.test?.inMemory).toBe(true);
    expect(disk.report.splits.test?.inMemory).toBe(false);
    const a = await allPixels(mem.set, 5);
    const b = await allPixels(disk.set, 5);
    expect(b.indices).toEqual(a.indices);
    expect(new Set(a.indices).size).toBe(mem.set.size);
    expect(Buffer.concat(b.pixels).equals(Buffer.concat(a.pixels))).toBe(true);
    const c = await allPixels(mem.set, 6);
    expect(c.indices).not.toEqual(a.indices);
  });
});

describe('dataset errors', () => {
  it('gives one clear error with the expected layout for a missing folder, a non-dataset, a missing split or class', async () => {
    const dir = await tempDir('bad');
    await expect(prepareData({ dataDir: join(dir, 'nope'), imageSize: 16, channels: 1, cacheDir: dir })).rejects.toThrow(/does not exist.*Expected ROOT\/\{train,test,val\}/);
    await writeFile(join(dir, 'a.txt'), 'x');
    await expect(prepareData({ dataDir: dir, imageSize: 16, channels: 1, cacheDir: dir })).rejects.toThrow(/not a dataset/);
    const fx = await messyDataset(4, 32);
    await expect(loadSplit({ dataDir: fx.root, split: 'val', imageSize: 16, channels: 1, cacheDir: dir })).rejects.toThrow(/split folder 'val' is missing/);
    const err = await loadSplit({ dataDir: fx.root, split: 'test', imageSize: 16, channels: 1, cacheDir: dir, classNames: ['NORMAL', 'PNEUMONIA', 'COVID'] }).catch((e: unknown) => e);
    expect(isDataError(err)).toBe(true);
    expect((err as Error).message).toMatch(/missing class folder\(s\) COVID/);
    const bad = await prepareData({ dataDir: fx.root, imageSize: 3, channels: 2 as 1, valSplit: 2, cacheDir: dir }).catch((e: unknown) => e);
    expect(isValidationError(bad)).toBe(true);
    expect((bad as { problems: string[] }).problems).toHaveLength(3);
    await rm(fx.root, { recursive: true, force: true });
  });

  it('refuses empty class folders, naming each of them, before decoding anything', async () => {
    const fx = await messyDataset(4, 32);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(fx.root, 'test', 'EMPTY'), { recursive: true });
    await mkdir(join(fx.root, 'test', 'ALSO_EMPTY'), { recursive: true });
    await writeFile(join(fx.root, 'test', 'ALSO_EMPTY', 'notes.txt'), 'not an image');
    const cacheDir = await tempDir('c');
    const err = await loadSplit({ dataDir: fx.root, split: 'test', imageSize: 16, channels: 1, cacheDir, decoder: 'jimp', workers: 1 }).catch((e: unknown) => e);
    expect(isDataError(err)).toBe(true);
    expect((err as Error).message).toContain(`empty class folder(s) ${join(fx.root, 'test', 'ALSO_EMPTY')}, ${join(fx.root, 'test', 'EMPTY')} (no image files)`);
    expect((err as Error).message).toMatch(/Fix: add images to them or remove them/);
    expect(await readdir(cacheDir)).toEqual([]);
    expect((await readFile(fx.original)).length).toBeGreaterThan(100);
  });
});
