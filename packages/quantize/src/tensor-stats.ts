import type { TensorStats } from './types';

/** Bins of calibration histograms: 2048 per sign, as onnxruntime's entropy calibration. */
export const HISTOGRAM_BINS = 4096;

export function emptyStats(): TensorStats {
  return { min: Infinity, max: -Infinity, count: 0 };
}

/** Folds the values of one batch into min/max. */
export function addMinMax(stats: TensorStats, values: ArrayLike<number>): void {
  let { min, max } = stats;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  stats.min = min;
  stats.max = max;
  stats.count += values.length;
}

/** Starts a histogram over [-absMax, absMax] from the min/max of a first pass. */
export function startHistogram(stats: TensorStats, bins = HISTOGRAM_BINS): void {
  const absMax = Math.max(Math.abs(stats.min), Math.abs(stats.max));
  stats.histogram = { counts: new Float64Array(bins), absMax };
}

/** Adds values to the histogram (values outside the range go to the end bins). */
export function addHistogram(stats: TensorStats, values: ArrayLike<number>): void {
  const h = stats.histogram;
  if (h === undefined) return;
  const n = h.counts.length;
  if (h.absMax === 0) {
    h.counts[n / 2] = (h.counts[n / 2] ?? 0) + values.length;
    return;
  }
  const k = n / (2 * h.absMax);
  for (let i = 0; i < values.length; i++) {
    let b = Math.floor(((values[i] as number) + h.absMax) * k);
    if (b < 0) b = 0;
    else if (b >= n) b = n - 1;
    h.counts[b] = (h.counts[b] ?? 0) + 1;
  }
}

/** Statistics of a list of values in one go (used by tests and small tensors). */
export function statsOf(values: ArrayLike<number>, histogram: boolean): TensorStats {
  const s = emptyStats();
  addMinMax(s, values);
  if (histogram) {
    startHistogram(s);
    addHistogram(s, values);
  }
  return s;
}
