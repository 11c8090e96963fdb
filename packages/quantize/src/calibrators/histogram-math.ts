import type { TensorStats } from '../types';

/** Histogram of |x| (bins over [0, absMax]) folded from the symmetric histogram of `stats`. */
export function absHistogram(stats: TensorStats): { counts: Float64Array; absMax: number } {
  const h = stats.histogram;
  if (h === undefined) throw new Error('Error in calibration: histogram statistics missing (the calibrator must set needsHistogram)');
  const half = h.counts.length / 2;
  const counts = new Float64Array(half);
  for (let i = 0; i < half; i++) counts[i] = (h.counts[half + i] ?? 0) + (h.counts[half - 1 - i] ?? 0);
  return { counts, absMax: h.absMax };
}

/** Value below which a fraction `q` of the histogram mass lies (linear inside the bin). Bins cover [lo, hi]. */
export function histogramQuantile(counts: Float64Array, lo: number, hi: number, q: number): number {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return 0;
  const target = q * total;
  const width = (hi - lo) / counts.length;
  let acc = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (acc + c >= target && c > 0) return lo + (i + (target - acc) / c) * width;
    acc += c;
  }
  return hi;
}
