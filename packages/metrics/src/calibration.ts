import { OptionChecker } from '@medimg/core';
import { argmaxRow, binIndex, checkClassInputs } from './check-inputs';
import type { CalibrationReport, ReliabilityBin } from './types';

/**
 * Calibration of top-label confidence (Guo et al. 2017): images binned by their largest probability into `bins`
 * equal-width bins of [0, 1] (default 10); per bin the mean confidence and the argmax accuracy; the expected
 * calibration error ECE = sum (n_bin / n) |accuracy - confidence| and the maximum one (MCE). The bins are a
 * reliability diagram. ECE is NaN for no images.
 */
export function calibration(probabilities: Float32Array, labels: Int32Array, numClasses: number, options: { bins?: number } = {}): CalibrationReport {
  checkClassInputs('calibration', probabilities, labels, numClasses);
  const bins = options.bins ?? 10;
  const v = new OptionChecker('calibration');
  v.int('bins', bins, 1, 1000);
  v.done();
  const count = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const arg = argmaxRow(probabilities, i, numClasses);
    const top = probabilities[i * numClasses + arg] as number;
    const b = binIndex(top, bins);
    count[b] = (count[b] as number) + 1;
    confidence[b] = (confidence[b] as number) + top;
    if (arg === labels[i]) correct[b] = (correct[b] as number) + 1;
  }
  let ece = 0;
  let mce = 0;
  const out: ReliabilityBin[] = count.map((n, b) => {
    const bin: ReliabilityBin = { lo: b / bins, hi: (b + 1) / bins, count: n, confidence: n === 0 ? NaN : (confidence[b] as number) / n, accuracy: n === 0 ? NaN : (correct[b] as number) / n };
    if (n > 0) {
      const gap = Math.abs(bin.accuracy - bin.confidence);
      ece += (n / labels.length) * gap;
      mce = Math.max(mce, gap);
    }
    return bin;
  });
  return { ece: labels.length === 0 ? NaN : ece, mce: labels.length === 0 ? NaN : mce, bins: out };
}
