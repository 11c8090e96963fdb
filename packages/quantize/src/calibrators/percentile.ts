import type { Calibrator } from '../types';
import { absHistogram, histogramQuantile } from './histogram-math';

/**
 * Clips the tails: with percentile p, symmetric (int8) ranges are [-t, t] with t the p-th percentile of |x|;
 * asymmetric ranges cut (100 - p) / 2 % of the values off each end (a post-ReLU tensor keeps its 0).
 * Never wider than the observed min/max.
 */
export const percentileCalibrator: Calibrator = {
  needsHistogram: true,
  computeRange: (stats, { percentile, symmetric }) => {
    const h = stats.histogram;
    if (h === undefined || stats.count === 0) return { min: stats.min, max: stats.max };
    const q = percentile / 100;
    if (symmetric) {
      const abs = absHistogram(stats);
      const t = histogramQuantile(abs.counts, 0, abs.absMax, q);
      return { min: Math.max(stats.min, -t), max: Math.min(stats.max, t) };
    }
    const tail = (1 - q) / 2;
    const lo = histogramQuantile(h.counts, -h.absMax, h.absMax, tail);
    const hi = histogramQuantile(h.counts, -h.absMax, h.absMax, 1 - tail);
    return { min: Math.max(stats.min, Math.min(lo, 0)), max: Math.min(stats.max, Math.max(hi, 0)) };
  },
};
