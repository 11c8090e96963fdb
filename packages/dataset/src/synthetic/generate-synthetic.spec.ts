import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSyntheticXrays } from './generate-synthetic';
import { preprocessImageFile } from '../preprocess-image-file';
import { patientIdOf } from '../patient-id';
import { tempDir } from '../spec-helpers';
import { Jimp } from 'jimp';

async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const split of await readdir(root)) for (const c of await readdir(join(root, split))) for (const f of await readdir(join(root, split, c))) out.push(join(split, c, f));
  return out.sort();
}

describe('generateSyntheticXrays', () => {
  it('is deterministic per seed, writes a Kermany-like tree with patient IDs that never span splits', async () => {
    const a = await tempDir('syn-a');
    const b = await tempDir('syn-b');
    const c = await tempDir('syn-c');
    const ra = await generateSyntheticXrays({ outDir: a, perClass: 8, size: 48, seed: 11 });
    await generateSyntheticXrays({ outDir: b, perClass: 8, size: 48, seed: 11 });
    await generateSyntheticXrays({ outDir: c, perClass: 8, size: 48, seed: 12 });
    expect(ra.counts).toEqual({ train: { NORMAL: 8, PNEUMONIA: 8 }, test: { NORMAL: 2, PNEUMONIA: 2 }, val: { NORMAL: 2, PNEUMONIA: 2 } });
    const files = await listAll(a);
    expect(files).toHaveLength(ra.files);
    expect(await listAll(b)).toEqual(files);
    for (const f of files) expect((await readFile(join(b, f))).equals(await readFile(join(a, f)))).toBe(true);
    const cf = await listAll(c);
    let differ = 0;
    for (const f of files) if (cf.includes(f) && !(await readFile(join(c, f))).equals(await readFile(join(a, f)))) differ++;
    expect(differ).toBeGreaterThan(0);
    const splitOf = new Map<string, string>();
    for (const f of files) {
      const [split] = f.split('/');
      const p = patientIdOf(f);
      expect(p.startsWith('file:')).toBe(false);
      expect(splitOf.get(p) ?? split).toBe(split);
      splitOf.set(p, split as string);
    }
    expect(new Set(files.filter((f) => f.startsWith('train/')).map((f) => patientIdOf(f))).size).toBeLessThan(16);
  });

  it('draws pneumonia as extra opacity inside the lung fields', async () => {
    const dir = await tempDir('syn-op');
    await generateSyntheticXrays({ outDir: dir, perClass: 30, size: 64, seed: 1, splits: { test: 0, val: 0 } });
    const lungMean = async (cls: string): Promise<number> => {
      let total = 0;
      const names = await readdir(join(dir, 'train', cls));
      for (const n of names) {
        const px = await preprocessImageFile(join(dir, 'train', cls, n), { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' }, 'jimp');
        // lung windows: rows 10..20, columns 6..12 and 20..26
        let s = 0;
        for (let y = 10; y < 20; y++) for (const x0 of [6, 20]) for (let x = x0; x < x0 + 6; x++) s += px[y * 32 + x] as number;
        total += s / 120;
      }
      return total / names.length;
    };
    const normal = await lungMean('NORMAL');
    const pneumonia = await lungMean('PNEUMONIA');
    expect(pneumonia - normal).toBeGreaterThan(1);
    expect(pneumonia - normal).toBeLessThan(40);
  });

  it('writes masks only for maskSplits, the same masks as for every split, and refuses an unknown split', async () => {
    const all = await tempDir('syn-masks-all');
    const testOnly = await tempDir('syn-masks-test');
    const options = { perClass: 3, size: 32, seed: 6, splits: { train: 3, test: 2, val: 0 } };
    const every = await generateSyntheticXrays({ ...options, outDir: await tempDir('syn-a'), masksDir: all });
    const some = await generateSyntheticXrays({ ...options, outDir: await tempDir('syn-b'), masksDir: testOnly, maskSplits: ['test'] });
    expect([every.maskFiles, some.maskFiles]).toEqual([2 * 10, 2 * 4]);
    const masks = await listAll(testOnly);
    expect(masks).toEqual((await listAll(all)).filter((f) => f.startsWith('test/')));
    for (const f of masks) expect((await readFile(join(testOnly, f))).equals(await readFile(join(all, f)))).toBe(true);
    await expect(generateSyntheticXrays({ ...options, outDir: await tempDir('syn-c'), masksDir: testOnly, maskSplits: ['tset' as 'test'] })).rejects.toThrow(/maskSplits\[0\]/);
  });

  it('writes lung and lesion masks without changing the images; lesions lie inside the lungs and are brighter', async () => {
    const plain = await tempDir('syn-plain');
    const dir = await tempDir('syn-mask');
    const masksDir = await tempDir('syn-masks');
    await generateSyntheticXrays({ outDir: plain, perClass: 6, size: 64, seed: 5, splits: { test: 0, val: 0 } });
    const result = await generateSyntheticXrays({ outDir: dir, perClass: 6, size: 64, seed: 5, splits: { test: 0, val: 0 }, masksDir });
    expect(result.maskFiles).toBe(2 * 12);
    const files = await listAll(dir);
    expect(await listAll(plain)).toEqual(files);
    for (const f of files) expect((await readFile(join(dir, f))).equals(await readFile(join(plain, f)))).toBe(true);
    const gray = async (path: string): Promise<Uint8Array> => {
      const img = await Jimp.read(path);
      return Uint8Array.from({ length: img.bitmap.width * img.bitmap.height }, (_, i) => img.bitmap.data[i * 4] as number);
    };
    for (const f of files) {
      const [split, cls, name] = f.split('/') as [string, string, string];
      const stem = join(masksDir, split, cls, name.replace(/\.jpeg$/, ''));
      const lung = await gray(`${stem}.lung.png`);
      const lesion = await gray(`${stem}.lesion.png`);
      const pixels = await preprocessImageFile(join(dir, f), { imageSize: 64, channels: 1, resize: 'stretch', scale: 'unit' }, 'jimp');
      const lungArea = lung.filter((m) => m === 255).length / lung.length;
      expect(lungArea).toBeGreaterThan(0.08);
      expect(lungArea).toBeLessThan(0.35);
      const lesionPixels = [...lesion.keys()].filter((i) => lesion[i] === 255);
      if (cls === 'NORMAL') {
        expect(lesionPixels).toHaveLength(0);
        continue;
      }
      expect(lesionPixels.length).toBeGreaterThan(5);
      expect(lesionPixels.every((i) => lung[i] === 255)).toBe(true);
      // lesion pixels are brighter than the rest of the lung field
      const mean = (idx: number[]): number => idx.reduce((s, i) => s + (pixels[i] as number), 0) / idx.length;
      const healthy = [...lung.keys()].filter((i) => lung[i] === 255 && lesion[i] === 0);
      expect(mean(lesionPixels) - mean(healthy)).toBeGreaterThan(5);
    }
  });

  it('writes N distinguishable classes: with 3, BACTERIA adds opacity low in the lungs and VIRUS high', async () => {
    const dir = await tempDir('syn-3');
    const r = await generateSyntheticXrays({ outDir: dir, perClass: 20, size: 64, seed: 2, classes: 3, splits: { test: 2, val: 0 } });
    expect(r.counts).toEqual({ train: { NORMAL: 20, BACTERIA: 20, VIRUS: 20 }, test: { NORMAL: 2, BACTERIA: 2, VIRUS: 2 } });
    expect((await readdir(join(dir, 'train', 'VIRUS'))).every((n) => /^person\d+_virus_\d+\.jpeg$/.test(n))).toBe(true);
    const bands = async (cls: string): Promise<{ upper: number; lower: number }> => {
      let upper = 0;
      let lower = 0;
      const names = await readdir(join(dir, 'train', cls));
      for (const n of names) {
        const px = await preprocessImageFile(join(dir, 'train', cls, n), { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' }, 'jimp');
        const mean = (y0: number, y1: number): number => {
          let s = 0;
          for (let y = y0; y < y1; y++) for (const x0 of [6, 20]) for (let x = x0; x < x0 + 6; x++) s += px[y * 32 + x] as number;
          return s / ((y1 - y0) * 12);
        };
        upper += mean(9, 13);
        lower += mean(16, 20);
      }
      return { upper: upper / names.length, lower: lower / names.length };
    };
    const [normal, bacteria, virus] = [await bands('NORMAL'), await bands('BACTERIA'), await bands('VIRUS')];
    expect(bacteria.lower - normal.lower).toBeGreaterThan(3);
    expect(virus.upper - normal.upper).toBeGreaterThan(3);
    expect(bacteria.lower - normal.lower).toBeGreaterThan(bacteria.upper - normal.upper);
    expect(virus.upper - normal.upper).toBeGreaterThan(virus.lower - normal.lower);
  });
});
