import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { selectBackend } from '@medimg/core';
import { encodeDicom, encodePng16, generateSyntheticXrays } from '@medimg/dataset';
import { medimg, tempDir } from './cli-run';

/** An 8-bit PNG (pngjs), gray or RGBA with a transparent left half; gray in, no row filters, blocky content, so 6000 x 6000 is quick. */
function png8(width: number, height: number, rgba: boolean): Buffer {
  const colorType = rgba ? 6 : 0;
  const c = rgba ? 4 : 1;
  const png = new PNG({ width, height, colorType, inputColorType: colorType });
  const data = Buffer.alloc(width * height * c);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 60 + (((x >> 3) * 7 + (y >> 3) * 3) % 120);
      const i = (y * width + x) * c;
      data[i] = v;
      if (rgba) {
        data[i + 1] = v;
        data[i + 2] = v;
        data[i + 3] = x < width / 2 ? 0 : 255;
      }
    }
  }
  png.data = data;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, filterType: 0 });
}

interface Inspect {
  splits: { train: { counts: Record<string, number>; skipped: { path: string; reason: string }[] } };
}

describe('bad images: skipped with a reason, counted and recorded; the rest is used', () => {
  let root: string;
  let normal: string;
  const bad: Record<string, string> = {};
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    root = await tempDir('bad-images');
    process.env['MEDIMG_CACHE_DIR'] = await tempDir('bad-images-cache');
    await generateSyntheticXrays({ outDir: root, perClass: 8, size: 32, seed: 4, splits: { test: 0, val: 0 } });
    normal = join(root, 'train', 'NORMAL');
    const good = await readFile(join(normal, (await readdir(normal)).sort()[0] as string));
    const put = async (name: string, bytes: Uint8Array | string, key?: string): Promise<void> => {
      await writeFile(join(normal, name), bytes);
      if (key) bad[key] = name;
    };
    await put('IM-9001-0001.jpeg', good.subarray(0, Math.floor(good.length / 2)), 'truncated');
    await put('IM-9002-0001.jpeg', 'radiology notes, not an image', 'text');
    await put('IM-9003-0001.jpeg', '', 'empty');
    await put('.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]), 'dsstore');
    await put('._IM-0001-0001.jpeg', Buffer.from([0x00, 0x05, 0x16, 0x07, 0, 2, 0, 0]), 'fork');
    await writeFile(join(root, 'train', '.DS_Store'), 'x');
    await put('IM-9004-0001.dcm', encodeDicom({ width: 32, height: 32, values: new Array(1024).fill(100), transferSyntax: '1.2.840.10008.1.2.4.90' }), 'jpeg2000');
    await put('IM-9005-0001.dcm', encodeDicom({ width: 32, height: 32, values: new Array(1024).fill(100), omitPixelData: true }), 'nopixels');
    // usable, though unusual: 16-bit PNG, RGBA PNG, a 6000 x 6000 image, a good DICOM
    await put('IM-9006-0001.png', encodePng16(Array.from({ length: 32 * 32 }, (_, i) => i * 60), 32, 32));
    await put('IM-9007-0001.png', png8(32, 32, true));
    await put('IM-9008-0001.png', png8(6000, 6000, false));
    await put('IM-9009-0001.dcm', encodeDicom({ width: 32, height: 32, values: Array.from({ length: 1024 }, (_, i) => i * 4), bitsStored: 12 }));
  });

  it('data inspect names each bad file with its reason and counts the usable ones (16-bit, RGBA, 6000 px, DICOM)', async () => {
    const r = await medimg(['data', 'inspect', '--data-dir', root, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Inspect;
    const reason = (name: string): string => report.splits.train.skipped.find((s) => s.path.endsWith(name))?.reason ?? 'NOT SKIPPED';
    expect(reason(bad['truncated'] as string)).toMatch(/truncated JPEG \(no end-of-image marker\)/);
    expect(reason(bad['text'] as string)).toMatch(/not a JPEG or PNG image, nor a DICOM file/);
    expect(reason(bad['empty'] as string)).toMatch(/empty file \(0 bytes\)/);
    expect(reason(join('NORMAL', '.DS_Store'))).toMatch(/hidden\/system file/);
    expect(reason(join('train', '.DS_Store'))).toMatch(/outside a class folder/);
    expect(reason(bad['fork'] as string)).toMatch(/macOS resource fork/);
    expect(reason(bad['jpeg2000'] as string)).toMatch(/unsupported DICOM transfer syntax 1\.2\.840\.10008\.1\.2\.4\.90 \(JPEG 2000 Lossless\).*Fix: decompress/);
    expect(reason(bad['nopixels'] as string)).toMatch(/no Pixel Data.*Fix: remove it/);
    expect(report.splits.train.skipped).toHaveLength(8);
    expect(report.splits.train.counts).toEqual({ NORMAL: 8 + 4, PNEUMONIA: 8 });
  });

  it('train skips them (warning per file), trains on the rest and records the skipped files in the run directory', async () => {
    const out = join(await tempDir('bad-images-run'), 'run');
    const files = async (): Promise<Record<string, string>> => {
      const all: Record<string, string> = {};
      for (const n of (await readdir(normal)).sort()) all[n] = (await readFile(join(normal, n))).toString('base64');
      return all;
    };
    const before = await files();
    const r = await medimg(['train', '--data-dir', root, '--out', out, '--epochs', '1', '--image-size', '32', '--batch-size', '8', '--backend', 'wasm', '--json']);
    expect(r.code).toBe(0);
    for (const name of Object.values(bad)) expect(r.err).toMatch(new RegExp(`warning: skipping .*${name.replace('.', '\\.')}: `));
    expect(r.err).toContain(`warning: 8 file(s) in ${join(root, 'train')} skipped (each named above with its reason, and listed in the data report); they are left as they are. Fix: replace or remove them`);
    expect(await files()).toEqual(before); // a skipped file is never moved, changed or deleted
    const report = JSON.parse(await readFile(join(out, 'data-report.json'), 'utf8')) as { splits: { train: { counts: Record<string, number>; skipped: unknown[] } } };
    expect(report.splits.train.counts).toEqual({ NORMAL: 12, PNEUMONIA: 8 });
    expect(report.splits.train.skipped).toHaveLength(8);
  }, 90_000);

  it('predict reports each unreadable file with the fix, exits 1, and still prints the readable ones', async () => {
    const dir = await tempDir('bad-images-model');
    const model = join(dir, 'run');
    const t = await medimg(['train', '--data-dir', root, '--out', model, '--epochs', '1', '--image-size', '32', '--backend', 'wasm', '--quiet']);
    expect(t.code).toBe(0);
    const files = ['IM-9006-0001.png', bad['truncated'], bad['jpeg2000'], bad['empty'], 'IM-9009-0001.dcm'].map((n) => join(normal, n as string));
    const r = await medimg(['predict', '--model', join(model, 'best'), ...files, '--json', '--backend', 'wasm']);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { path: string });
    expect(lines.map((l) => l.path)).toEqual([files[0], files[4]]);
    expect(r.err).toMatch(new RegExp(`${bad['truncated']}: truncated JPEG.*Fix: `));
    expect(r.err).toMatch(new RegExp(`${bad['jpeg2000']}: unsupported DICOM transfer syntax.*Fix: decompress`));
    expect(r.err).toMatch(new RegExp(`${bad['empty']}: empty file.*Fix: `));
    expect(r.err).toMatch(/3 of 5 images could not be read/);
  }, 90_000);
});
