import { normalizeBatch, normalizeIntensity } from './intensity-normalization';

/** A 10x10 ramp over [lo, hi]. */
function ramp(lo: number, hi: number): Uint8Array {
  return Uint8Array.from({ length: 100 }, (_, i) => Math.round(lo + ((hi - lo) * i) / 99));
}

describe('normalizeIntensity', () => {
  it('percentile stretches the 1st..99th percentile to 0..255 and is invariant to a linear intensity change', () => {
    const a = normalizeIntensity(ramp(60, 160), 'percentile');
    expect(Math.min(...a)).toBe(0);
    expect(Math.max(...a)).toBe(255);
    // the same image at half the contrast and an offset gives (nearly) the same output
    const b = normalizeIntensity(ramp(100, 150), 'percentile');
    const diff = a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0) / a.length;
    expect(diff).toBeLessThan(3);
  });

  it('equalize gives a near-uniform histogram and is invariant to a monotone (gamma) change', () => {
    const img = Uint8Array.from({ length: 400 }, (_, i) => Math.round(255 * Math.pow((i % 200) / 199, 2)));
    const eq = normalizeIntensity(img, 'equalize');
    const low = eq.filter((v) => v < 128).length / eq.length;
    expect(low).toBeGreaterThan(0.4);
    expect(low).toBeLessThan(0.6);
    const gamma = Uint8Array.from(img, (v) => Math.round(255 * Math.pow(v / 255, 0.6)));
    const eq2 = normalizeIntensity(gamma, 'equalize');
    const diff = eq.reduce((s, v, i) => s + Math.abs(v - (eq2[i] as number)), 0) / eq.length;
    expect(diff).toBeLessThan(4);
  });

  it('none is the identity, a flat image stays flat, and the input is never modified', () => {
    const img = ramp(10, 20);
    const copy = img.slice();
    expect(normalizeIntensity(img, 'none')).toBe(img);
    normalizeIntensity(img, 'equalize');
    normalizeIntensity(img, 'percentile');
    expect(img).toEqual(copy);
    const flat = new Uint8Array(50).fill(77);
    expect([...normalizeIntensity(flat, 'percentile')]).toEqual([...flat]);
    expect(new Set(normalizeIntensity(flat, 'equalize')).size).toBe(1);
  });

  it('normalizeBatch normalises each image on its own', () => {
    const pixels = new Uint8Array([...ramp(0, 50), ...ramp(200, 255)]);
    const out = normalizeBatch({ pixels, labels: new Int32Array(2), size: 2, height: 10, width: 10, channels: 1, indices: new Int32Array([0, 1]) }, 'percentile');
    expect(Math.max(...out.pixels.subarray(0, 100))).toBe(255);
    expect(Math.min(...out.pixels.subarray(100))).toBe(0);
  });
});
