import type { Calibrator, TensorStats } from '../types';
import { absHistogram } from './histogram-math';

/** Quantized levels of one sign for int8 (TensorRT's and onnxruntime's 128); uint8 on non-negative data has 256. */
const SIGNED_LEVELS = 128;
const UNSIGNED_LEVELS = 256;

/** KL(P || Q) of two unnormalised distributions (terms with P = 0 vanish; Q = 0 where P > 0 is smoothed). */
function klDivergence(p: Float64Array, q: Float64Array): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i] ?? 0;
    sq += q[i] ?? 0;
  }
  if (sp === 0 || sq === 0) return Infinity;
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] ?? 0) / sp;
    if (pi === 0) continue;
    const qi = Math.max((q[i] ?? 0) / sq, 1e-12);
    kl += pi * Math.log(pi / qi);
  }
  return kl;
}

/**
 * The clipping threshold t over |x| that minimises KL(P || Q), P the histogram clipped at t (outliers folded
 * into the last bin), Q the same expanded from `levels` levels (TensorRT's entropy calibration: 128). The zero bin
 * counts as much as its neighbour, so the spike of post-ReLU zeros does not decide the threshold.
 */
export function entropyThreshold(stats: TensorStats, levels: number = SIGNED_LEVELS): number {
  const QUANTIZED_BINS = levels;
  const { counts, absMax } = absHistogram(stats);
  // The spike of exact zeros (post-ReLU) would dominate P and favour tiny thresholds: count bin 0 like bin 1
  // (as NVIDIA's pytorch-quantization does).
  if (counts.length > 1) counts[0] = counts[1] ?? 0;
  const n = counts.length;
  if (n <= QUANTIZED_BINS || absMax === 0) return absMax;
  const width = absMax / n;
  let best = n;
  let bestKl = Infinity;
  let tailMass = 0;
  for (let i = QUANTIZED_BINS; i < n; i++) tailMass += counts[i] ?? 0;
  for (let i = QUANTIZED_BINS; i <= n; i++) {
    const p = counts.slice(0, i);
    p[i - 1] = (p[i - 1] ?? 0) + tailMass;
    tailMass -= counts[i] ?? 0;
    const q = new Float64Array(i);
    const merge = i / QUANTIZED_BINS;
    for (let j = 0; j < QUANTIZED_BINS; j++) {
      const start = Math.floor(j * merge);
      const end = j === QUANTIZED_BINS - 1 ? i : Math.floor((j + 1) * merge);
      let sum = 0;
      let nonZero = 0;
      for (let k = start; k < end; k++) {
        sum += counts[k] ?? 0;
        if ((counts[k] ?? 0) > 0) nonZero++;
      }
      if (nonZero === 0) continue;
      for (let k = start; k < end; k++) if ((counts[k] ?? 0) > 0) q[k] = sum / nonZero;
    }
    const kl = klDivergence(p, q);
    if (kl < bestKl) {
      bestKl = kl;
      best = i;
    }
  }
  return best * width;
}

/**
 * Entropy (KL) calibration: the range clipped at `entropyThreshold`, never wider than the observed min/max. With
 * uint8 activations a non-negative tensor (post-ReLU) is matched against 256 levels, otherwise 128.
 */
export const entropyCalibrator: Calibrator = {
  needsHistogram: true,
  computeRange: (stats, { symmetric }) => {
    if (stats.histogram === undefined || stats.count === 0) return { min: stats.min, max: stats.max };
    const t = entropyThreshold(stats, !symmetric && stats.min >= 0 ? UNSIGNED_LEVELS : SIGNED_LEVELS);
    return { min: Math.max(stats.min, -t), max: Math.min(stats.max, t) };
  },
};
