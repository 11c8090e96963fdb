import { createRng } from '@medimg/core';

/** Default number of probe images exporters compare engines on. */
export const PROBE_IMAGES = 2;

/**
 * A deterministic probe batch in unit range (NHWC, [0, 1]; core `unitToModelInput` turns it into raw-pixel input): smooth seeded blobs plus pixel noise, so convolutions
 * see structure rather than white noise only. The same seed and shape always give the same floats.
 */
export function probeBatch(count: number, shape: readonly [number, number, number], seed = 20240613): Float32Array {
  const [h, w, c] = shape;
  const rng = createRng(seed);
  const out = new Float32Array(count * h * w * c);
  for (let n = 0; n < count; n++) {
    const cx = rng.uniform(0, w);
    const cy = rng.uniform(0, h);
    const r = rng.uniform(0.2, 0.6) * Math.max(h, w);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const blob = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (r * r));
        for (let k = 0; k < c; k++) out[((n * h + y) * w + x) * c + k] = Math.min(1, Math.max(0, 0.7 * blob + 0.3 * rng.next()));
      }
    }
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (!(d <= m)) m = d;
  }
  return m;
}
