import { ValidationError } from '@medimg/core';
import type { LatencyStats } from './types';

/**
 * The p-th percentile (0..100) of ascending `sorted` values, linearly interpolated between closest
 * ranks (numpy's default): percentile([1,2,3,4], 50) = 2.5.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new ValidationError('percentile', ['values must not be empty']);
  if (!(p >= 0 && p <= 100)) throw new ValidationError('percentile', [`p must be in [0, 100]; got ${p}`]);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Count, min, mean, p50/p90/p99, max and (population) standard deviation of `values`. */
export function summarize(values: readonly number[]): LatencyStats {
  if (values.length === 0) throw new ValidationError('summarize', ['values must not be empty']);
  const sorted = [...values].sort((x, y) => x - y);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / sorted.length;
  return {
    count: sorted.length,
    min: sorted[0] as number,
    mean,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
    std: Math.sqrt(variance),
  };
}

/** Divides every statistic of a duration summary by `k` (per-batch -> per-image). */
export function scaleStats(stats: LatencyStats, k: number): LatencyStats {
  return {
    count: stats.count,
    min: stats.min / k,
    mean: stats.mean / k,
    p50: stats.p50 / k,
    p90: stats.p90 / k,
    p99: stats.p99 / k,
    max: stats.max / k,
    std: stats.std / k,
  };
}
