import type { ImageBatch } from '@medimg/core';
import { inMemoryImageSet } from '../image-set';
import { meanAbsDiff } from '../spec-helpers';
import { STRESS_NAMES } from './perturbations';
import { listStressPerturbations, stressSuite, stressTransform } from './stress-transform';

const H = 32;

/** A lung-like image: dark ellipses on a brighter body with texture. */
function image(seed: number): Uint8Array {
  const px = new Uint8Array(H * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < H; x++) {
    const lung = ((x - 10) ** 2) / 36 + ((y - 16) ** 2) / 100 < 1 || ((x - 22) ** 2) / 36 + ((y - 16) ** 2) / 100 < 1;
    px[y * H + x] = (lung ? 60 : 170) + ((x * 7 + y * 13 + seed) % 23);
  }
  return px;
}

function batch(n = 4): ImageBatch {
  const pixels = new Uint8Array(n * H * H);
  for (let i = 0; i < n; i++) pixels.set(image(i), i * H * H);
  return { pixels, labels: Int32Array.from({ length: n }, (_, i) => i % 2), size: n, height: H, width: H, channels: 1, indices: Int32Array.from({ length: n }, (_, i) => i) };
}

function std(p: Uint8Array): number {
  const m = p.reduce((s, v) => s + v, 0) / p.length;
  return Math.sqrt(p.reduce((s, v) => s + (v - m) ** 2, 0) / p.length);
}

/** Mean absolute difference between horizontally neighbouring pixels (high for sharp images). */
function sharpness(p: Uint8Array): number {
  let s = 0;
  for (let y = 0; y < H; y++) for (let x = 1; x < H; x++) s += Math.abs((p[y * H + x] as number) - (p[y * H + x - 1] as number));
  return s / (H * (H - 1));
}

describe('stress perturbations', () => {
  it('lists the seven acquisition changes', () => {
    expect(STRESS_NAMES).toEqual(['contrast', 'gamma', 'noise', 'blur', 'resolution', 'exposure', 'crop']);
    expect(listStressPerturbations()).toEqual(expect.arrayContaining(STRESS_NAMES as string[]));
  });

  it('is deterministic per (seed, image index), changes with the seed, ignores the epoch, keeps labels and input', () => {
    const b = batch();
    const copy = b.pixels.slice();
    for (const name of STRESS_NAMES) {
      const a = stressTransform(name, { seed: 5 })(b, 0);
      expect(Buffer.from(stressTransform(name, { seed: 5 })(b, 7).pixels).equals(Buffer.from(a.pixels))).toBe(true);
      expect(a.labels).toEqual(b.labels);
      expect(meanAbsDiff(a.pixels, b.pixels)).toBeGreaterThan(0.5);
    }
    expect(meanAbsDiff(stressTransform('noise', { seed: 5 })(b, 0).pixels, stressTransform('noise', { seed: 6 })(b, 0).pixels)).toBeGreaterThan(1);
    expect(b.pixels).toEqual(copy);
  });

  it('each perturbation does what its name says (measured on the pixels)', () => {
    const b = batch(8);
    const per = H * H;
    const src = (i: number): Uint8Array => b.pixels.subarray(i * per, (i + 1) * per);
    const out = (name: string): Uint8Array[] => {
      const o = stressTransform(name)(b, 0).pixels;
      return Array.from({ length: b.size }, (_, i) => o.subarray(i * per, (i + 1) * per));
    };
    // contrast: the spread changes by a factor ~1.5 up or down
    out('contrast').forEach((o, i) => expect(Math.abs(Math.log(std(o) / std(src(i))))).toBeGreaterThan(Math.log(1.3)));
    // exposure: the mean moves by ~15% of full scale
    out('exposure').forEach((o, i) => expect(Math.abs(o.reduce((s, v) => s + v, 0) / per - src(i).reduce((s, v) => s + v, 0) / per)).toBeGreaterThan(20));
    // blur and resolution loss: less local detail; noise: more
    out('blur').forEach((o, i) => expect(sharpness(o)).toBeLessThan(0.8 * sharpness(src(i))));
    out('resolution').forEach((o, i) => expect(sharpness(o)).toBeLessThan(0.8 * sharpness(src(i))));
    out('noise').forEach((o, i) => expect(sharpness(o)).toBeGreaterThan(sharpness(src(i)) + 3));
    // gamma: a monotone change, the ordering of pixel values is kept
    out('gamma').forEach((o, i) => {
      const s = src(i);
      for (let k = 1; k < per; k++) if ((s[k] as number) > (s[k - 1] as number) + 2) expect(o[k]).toBeGreaterThanOrEqual(o[k - 1] as number);
    });
    // crop: a zoomed-in view, so the lungs (dark) get wider: the dark fraction rises
    const dark = (p: Uint8Array): number => p.filter((v) => v < 110).length / p.length;
    out('crop').forEach((o, i) => expect(dark(o)).not.toBeCloseTo(dark(src(i)), 2));
    // severity 0 is the identity for the intensity changes
    expect(stressTransform('contrast', { severity: 0 })(b, 0).pixels).toEqual(b.pixels);
  });

  it('stressSuite wraps a set per perturbation with the normalisation after it, and rejects unknown names', async () => {
    const b = batch(6);
    const set = inMemoryImageSet({ classNames: ['NORMAL', 'PNEUMONIA'], shape: [H, H, 1], pixels: b.pixels, labels: b.labels });
    const suite = stressSuite(set, ['exposure', 'contrast'], { normalize: 'percentile' });
    expect(suite.map((s) => s.name)).toEqual(['exposure', 'contrast']);
    for (const { set: s } of suite) {
      expect(s.size).toBe(6);
      for await (const out of s.batches({ batchSize: 6 })) {
        expect(Math.max(...out.pixels.subarray(0, H * H))).toBe(255);
        expect(Math.min(...out.pixels.subarray(0, H * H))).toBe(0);
        expect(out.labels).toEqual(b.labels);
      }
    }
    expect(() => stressSuite(set, ['contrast', 'fog'])).toThrow(/unknown perturbation.*fog.*Fix: use any of contrast/);
  });
});
