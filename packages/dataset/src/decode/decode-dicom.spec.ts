import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WindowSetting } from '@medimg/core';
import { DICOM_IMPLICIT_LE, encodeDicom, type EncodeDicomOptions } from '../encode/encode-dicom';
import { encodePng16 } from '../encode/encode-png16';
import { loadSplit } from '../load-split';
import { tempDir } from '../spec-helpers';
import { loadDecodeCore } from './decode-core';

const W = 8;
const H = 8;
/** A 12-bit ramp: value i * 64 + 7 at pixel i (7 .. 4039). */
const ramp = Array.from({ length: W * H }, (_, i) => i * 64 + 7);

/** DICOM PS3.3 C.11.2.1.2.1 linear window, the reference the decoder must match. */
function linear(x: number, c: number, w: number): number {
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir('dicom');
});

async function decode(bytes: Uint8Array, window: WindowSetting = 'auto', size = W, channels: 1 | 3 = 1, name = `f${Math.random().toString(36).slice(2)}.dcm`) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  // same size in and out: the shared resize is the identity, so every pixel can be checked against the formula
  return loadDecodeCore().decodeFile(path, { imageSize: size, channels, resize: 'stretch', decoder: 'jimp', window });
}

async function pixels(o: Partial<EncodeDicomOptions>, window: WindowSetting = 'auto'): Promise<number[]> {
  const r = await decode(encodeDicom({ width: W, height: H, values: ramp, bitsStored: 12, ...o }), window, Math.max(W, H));
  if (!r.ok) throw new Error(r.reason);
  return Array.from(r.pixels);
}

describe('DICOM decoding', () => {
  it('applies the first VOI window of a 12-bit MONOCHROME2 image, in explicit and implicit VR little endian', async () => {
    const a = await decode(encodeDicom({ width: W, height: H, values: ramp, bitsStored: 12, windows: [{ center: 1500, width: 1000 }, { center: 0, width: 10 }] }));
    const b = await decode(encodeDicom({ width: W, height: H, values: ramp, bitsStored: 12, windows: [{ center: 1500, width: 1000 }], transferSyntax: DICOM_IMPLICIT_LE }));
    if (!a.ok || !b.ok) throw new Error('decode failed');
    const expected = ramp.map((v) => Math.round(linear(v, 1500, 1000)));
    expect(Array.from(a.pixels)).toEqual(expected);
    expect(Array.from(b.pixels)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(10); // the window spans several distinct levels
    expect([a.width, a.height, a.sourceChannels]).toEqual([W, W, 1]);
  });

  it('inverts MONOCHROME1, honours signed pixels with Rescale Slope/Intercept, and takes --window overrides', async () => {
    const mono2 = await pixels({ windows: [{ center: 1500, width: 1000 }] });
    const mono1 = await pixels({ windows: [{ center: 1500, width: 1000 }], photometric: 'MONOCHROME1' });
    mono2.slice(0, W * H).forEach((v, i) => expect(Math.abs((mono1[i] as number) - (255 - v))).toBeLessThanOrEqual(1));
    // CT-like: signed 16-bit stored values -1000..1000, slope 0.5, intercept 100 -> modality values -400..600; window 100/400
    const signed = Array.from({ length: W * H }, (_, i) => -1000 + Math.round((i * 2000) / (W * H - 1)));
    const ct = await decode(encodeDicom({ width: W, height: H, values: signed, bitsAllocated: 16, bitsStored: 16, signed: true, rescaleSlope: 0.5, rescaleIntercept: 100, windows: [{ center: 100, width: 400 }] }), 'auto', W);
    if (!ct.ok) throw new Error(ct.reason);
    const modality = signed.map((s) => s * 0.5 + 100);
    expect(Array.from(ct.pixels)).toEqual(modality.map((m) => Math.round(linear(m, 100, 400))));
    expect(ct.pixels[0]).toBe(0); // -400 is below the window
    expect(ct.pixels[W * H - 1]).toBe(255); // 600 is above it
    const full = await pixels({}, 'full');
    expect(full[0]).toBe(0);
    expect(Math.max(...full)).toBe(255); // min..max of the image
    const override = await pixels({ windows: [{ center: 1500, width: 1000 }] }, { center: 300, width: 200 });
    expect(override.slice(0, W * H)).toEqual(ramp.map((v) => Math.round(linear(v, 300, 200))));
  });

  it('reads 8-bit, 12-bit-in-16 with a high bit, RGB interleaved and planar, and the first frame of a multi-frame file', async () => {
    const eight = await pixels({ bitsAllocated: 8, bitsStored: 8, values: ramp.map((v) => v % 256) }, 'full');
    const lo = Math.min(...ramp.map((v) => v % 256));
    const hi = Math.max(...ramp.map((v) => v % 256));
    expect(eight.slice(0, W * H)).toEqual(ramp.map((v) => Math.round((((v % 256) - lo) / (hi - lo)) * 255)));
    // 12 bits stored in bits 15..4 (High Bit 15) decode to the same values as bits 11..0
    expect(await pixels({ highBit: 15, windows: [{ center: 1500, width: 1000 }] })).toEqual(await pixels({ windows: [{ center: 1500, width: 1000 }] }));
    const rgb = Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
    const planar = new Array<number>(rgb.length);
    for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) planar[c * W * H + p] = rgb[p * 3 + c] as number;
    const a = await decode(encodeDicom({ width: W, height: H, values: rgb, photometric: 'RGB', bitsAllocated: 8 }), 'auto', W, 3);
    const b = await decode(encodeDicom({ width: W, height: H, values: planar, photometric: 'RGB', bitsAllocated: 8, planar: true }), 'auto', W, 3);
    if (!a.ok || !b.ok) throw new Error('decode failed');
    expect(a.sourceChannels).toBe(3);
    expect(Array.from(a.pixels)).toEqual(Array.from(b.pixels));
    expect(Array.from(a.pixels)).toEqual(rgb);
    const frames = await decode(encodeDicom({ width: W, height: H, values: [...ramp, ...ramp.map((v) => 4095 - v), ...ramp], frames: 3, bitsStored: 12 }), 'full', Math.max(W, H));
    if (!frames.ok) throw new Error(frames.reason);
    expect(frames.note).toBe('multi-frame DICOM (3 frames): used the first frame');
    expect(Array.from(frames.pixels)).toEqual(await pixels({}, 'full'));
  });

  it('skips compressed transfer syntaxes and files without pixel data with a reason naming the UID and the fix', async () => {
    const jpeg = await decode(encodeDicom({ width: W, height: H, values: ramp, transferSyntax: '1.2.840.10008.1.2.4.50' }));
    expect(jpeg.ok).toBe(false);
    if (jpeg.ok) return;
    expect(jpeg.reason).toMatch(/unsupported DICOM transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50 \(JPEG Baseline\).*Fix: decompress it first, e\.g\. `dcmdjpeg in\.dcm out\.dcm`.*`gdcmconv --raw/);
    const none = await decode(encodeDicom({ width: W, height: H, values: ramp, omitPixelData: true }));
    expect(none.ok ? '' : none.reason).toMatch(/no Pixel Data \(7FE0,0010\).*Fix: remove it from the class folder/);
    const bytes = encodeDicom({ width: W, height: H, values: ramp });
    const cut = await decode(bytes.subarray(0, bytes.length - 40));
    expect(cut.ok ? '' : cut.reason).toMatch(/truncated|corrupt/);
  });
});

describe('16-bit PNG', () => {
  it('keeps 16-bit precision through the resize (levels are not rounded before it)', async () => {
    // alternating columns at 100.6 and 100.2 display levels: the 2x downscale averages to 100.4 -> 100;
    // rounding first (101, 100) would give 100.5 -> 101
    const a = Math.round((100.6 / 255) * 65535);
    const b = Math.round((100.2 / 255) * 65535);
    const values = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? a : b));
    const r = await decode(encodePng16(values, 8, 8), 'auto', 4, 1, 'p16.png');
    if (!r.ok) throw new Error(r.reason);
    expect(Array.from(r.pixels)).toEqual(new Array(16).fill(100));
    // windowing applies to 16-bit PNGs too: a window around the two values spreads them apart
    const w = await decode(encodePng16(values, 8, 8), { center: (a + b) / 2, width: 2 * Math.abs(a - b) }, 8, 1, 'p16w.png');
    if (!w.ok) throw new Error(w.reason);
    expect(Math.abs((w.pixels[0] as number) - (w.pixels[1] as number))).toBeGreaterThan(120); // 0.1 levels apart before, half the range after
    const rgb = await decode(encodePng16(Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? 65535 : 0)), 4, 4, 3), 'auto', 4, 3, 'p16rgb.png');
    expect(rgb.ok && Array.from(rgb.pixels.subarray(0, 3))).toEqual([255, 0, 0]);
  });
});

describe('DICOM in a dataset', () => {
  it('finds .dcm files and extension-less DICOM files, decodes them in the worker pool like in-thread, and reports notes', async () => {
    const root = await tempDir('dicom-set');
    for (const [cls, offset] of [['NORMAL', 0], ['PNEUMONIA', 1000]] as const) {
      await mkdir(join(root, cls), { recursive: true });
      for (let k = 0; k < 3; k++) {
        const values = ramp.map((v) => (v + offset + k * 10) % 4096);
        await writeFile(join(root, cls, k === 0 ? `IM-000${k}` : `IM-000${k}.dcm`), encodeDicom({ width: W, height: H, values: k === 2 ? [...values, ...values] : values, frames: k === 2 ? 2 : 1, bitsStored: 12, windows: [{ center: 2048, width: 4096 }] }));
      }
      await writeFile(join(root, cls, 'README'), 'not an image');
    }
    const opts = { dataDir: root, imageSize: 16, channels: 1 as const, cacheDir: join(root, '.cache') };
    const one = await loadSplit({ ...opts, workers: 1, cacheDir: join(root, '.cache1') });
    const two = await loadSplit({ ...opts, workers: 2 });
    expect(one.set.size).toBe(6);
    const split = two.report.splits.root;
    expect(split?.counts).toEqual({ NORMAL: 3, PNEUMONIA: 3 });
    expect(split?.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/no DICOM preamble/), expect.stringMatching(/no DICOM preamble/)]);
    expect(split?.notes.map((n) => n.note)).toEqual(['multi-frame DICOM (2 frames): used the first frame', 'multi-frame DICOM (2 frames): used the first frame']);
    const all = async (s: typeof one.set): Promise<number[]> => {
      const out: number[] = [];
      for await (const batch of s.batches({ batchSize: 6 })) out.push(...batch.pixels);
      return out;
    };
    expect(await all(two.set)).toEqual(await all(one.set));
    expect(two.report.window).toBe('auto');
  });
});
