import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { generateSyntheticXrays } from '../synthetic/generate-synthetic';
import { meanAbsDiff, tempDir } from '../spec-helpers';
import { preprocessImageBytes, preprocessImageFile } from '../preprocess-image-file';
import { isDataError } from '@medimg/core';
import { loadDecodeCore, sharpAvailable, workerDir } from './decode-core';
import { createDecodePool, decodeAll } from './decode-pool';

const sharp = sharpAvailable();
const sharpNote = sharp.ok ? '' : ` [sharp half SKIPPED: sharp does not load: ${sharp.error}]`;
const pre = (imageSize: number, channels: 1 | 3, resize: 'stretch' | 'letterbox' = 'stretch') => ({ imageSize, channels, resize, scale: 'unit' as const });

describe('decoding', () => {
  let root: string;
  let files: string[];
  beforeAll(async () => {
    root = await tempDir('decode');
    // "real-looking" images: synthetic radiographs, larger than the target so resizing matters
    await generateSyntheticXrays({ outDir: root, perClass: 4, size: 200, seed: 3, splits: { test: 0, val: 0 } });
    files = [];
    for (const c of ['NORMAL', 'PNEUMONIA']) for (const f of await readdir(join(root, 'train', c))) files.push(join(root, 'train', c, f));
  });

  it(`sharp and jimp agree within 2/255 mean absolute difference${sharpNote}`, async () => {
    if (!sharp.ok) {
      console.warn(`skipping sharp-vs-jimp agreement: ${sharp.error}`);
      return;
    }
    for (const channels of [1, 3] as const) {
      let total = 0;
      for (const f of files) {
        const a = await preprocessImageFile(f, pre(64, channels), 'sharp');
        const b = await preprocessImageFile(f, pre(64, channels), 'jimp');
        expect(a.length).toBe(64 * 64 * channels);
        total += meanAbsDiff(a, b);
      }
      const mad = total / files.length;
      console.log(`sharp vs jimp (${channels} channel(s), 200 px -> 64 px, two-stage downscale): mean absolute difference ${mad.toFixed(3)}/255`);
      expect(mad).toBeLessThan(2);
      expect(mad).toBeGreaterThanOrEqual(0);
    }
  });

  it('decodes gray, RGB and RGBA PNGs of any size to 1 or 3 channels, stretch or letterbox', async () => {
    const dir = await tempDir('png');
    // 40x20 image: left half white, right half black, alpha 255
    const img = new Jimp({ width: 40, height: 20, color: 0x000000ff });
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) img.setPixelColor(0xffffffff, x, y);
    const path = join(dir, 'half.png');
    await writeFile(path, await img.getBuffer('image/png'));
    const stretch = await preprocessImageFile(path, pre(16, 1), 'jimp');
    expect(stretch.length).toBe(256);
    expect(stretch[0]).toBe(255); // top-left white
    expect(stretch[15]).toBe(0); // top-right black
    const box = await preprocessImageFile(path, pre(16, 3, 'letterbox'), 'jimp');
    const small = await preprocessImageFile(path, pre(8, 1, 'letterbox'), 'jimp'); // 40x20 -> pre-reduced to 16x8, then 8x4
    expect(Array.from(small.subarray(0, 2 * 8))).toEqual(new Array(16).fill(0));
    expect(small[2 * 8]).toBe(255);
    expect(small[2 * 8 + 7]).toBe(0);
    expect(box.length).toBe(16 * 16 * 3);
    // a 40x20 image letterboxed into 16x16 occupies rows 4..11; rows 0..3 are black padding
    expect(Math.max(...box.subarray(0, 4 * 16 * 3))).toBe(0);
    expect(box[(8 * 16 + 1) * 3]).toBe(255);
  });

  it('reports truncated, empty and non-image files instead of throwing', async () => {
    const dir = await tempDir('bad');
    const good = files[0] as string;
    const core = loadDecodeCore();
    const ok = await core.decodeFile(good, { imageSize: 32, channels: 1, resize: 'stretch', decoder: 'jimp' });
    expect(ok.ok).toBe(true);
    const bytes = await import('node:fs/promises').then((m) => m.readFile(good));
    const truncated = join(dir, 't.jpeg');
    await writeFile(truncated, bytes.subarray(0, 300));
    const empty = join(dir, 'e.jpeg');
    await writeFile(empty, '');
    const text = join(dir, 'x.png');
    await writeFile(text, 'hello');
    const results = await Promise.all([truncated, empty, text, join(dir, 'missing.jpeg')].map((p) => core.decodeFile(p, { imageSize: 32, channels: 1, resize: 'stretch', decoder: 'jimp' })));
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false]);
    expect(results.map((r) => (r.ok ? '' : r.reason.split(' ')[0]))).toEqual(['truncated', 'empty', 'not', 'unreadable:']);
    await expect(preprocessImageFile(truncated, pre(32, 1))).rejects.toThrow(/t\.jpeg.*truncated/);
  });

  it('decodes bytes (an upload) to the same pixels as the file, and names the problem of a non-image', async () => {
    const decoders = sharp.ok ? (['jimp', 'sharp'] as const) : (['jimp'] as const);
    for (const decoder of decoders) {
      for (const f of files.slice(0, 3)) {
        const fromFile = await preprocessImageFile(f, pre(64, 1), decoder);
        const fromBytes = await preprocessImageBytes(await readFile(f), pre(64, 1), decoder);
        expect(meanAbsDiff(fromFile, fromBytes)).toBe(0);
      }
    }
    const error = await preprocessImageBytes(new TextEncoder().encode('{"not":"an image"}'), pre(32, 1), 'jimp', 'upload x.json').catch((e: unknown) => e);
    expect(isDataError(error)).toBe(true);
    expect((error as Error).message).toMatch(/upload x\.json: not a JPEG or PNG/);
  });

  it('pixel-ops (the browser page runs it on canvas RGBA) gives the jimp path exactly from the decoded RGBA', async () => {
    const ops = createRequire(__filename)(join(workerDir(), 'pixel-ops.cjs')) as {
      preprocessRaw(raw: { data: ArrayLike<number>; width: number; height: number; channels: number }, o: { imageSize: number; channels: 1 | 3; resize: 'stretch' | 'letterbox' }): Uint8Array;
    };
    for (const f of files.slice(0, 2)) {
      const image = await Jimp.read(f);
      const raw = { data: image.bitmap.data, width: image.bitmap.width, height: image.bitmap.height, channels: 4 };
      for (const [size, resize] of [[64, 'stretch'], [48, 'letterbox'], [150, 'stretch']] as const) {
        const expected = await preprocessImageFile(f, pre(size, 1, resize), 'jimp');
        expect(meanAbsDiff(ops.preprocessRaw(raw, { imageSize: size, channels: 1, resize }), expected)).toBe(0);
      }
    }
  });

  it('gives the same pixels from 2 worker threads as in-thread', async () => {
    const opts = { imageSize: 48, channels: 3 as const, resize: 'stretch' as const, decoder: 'jimp' as const };
    const collect = async (workers: number): Promise<Uint8Array[]> => {
      const pool = createDecodePool(opts, workers);
      const out: Uint8Array[] = new Array(files.length);
      try {
        await decodeAll(pool, files, (i, r) => {
          if (!r.ok) throw new Error(r.reason);
          out[i] = r.pixels;
        });
      } finally {
        await pool.close();
      }
      return out;
    };
    const one = await collect(1);
    const two = await collect(2);
    for (let i = 0; i < files.length; i++) expect(meanAbsDiff(one[i] as Uint8Array, two[i] as Uint8Array)).toBe(0);
  });
});
