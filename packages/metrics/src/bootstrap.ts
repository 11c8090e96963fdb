import { createRng, OptionChecker } from '@medimg/core';
import { checkClassInputs } from './check-inputs';
import { classificationReport, flattenReport, type ClassificationReportOptions } from './classification-report';
import type { BootstrapOptions, BootstrapResult, Interval } from './types';

/** Linear-interpolated quantile (numpy's default, "type 7") of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Percentile-bootstrap confidence intervals: draws `resamples` samples of `size` indices with replacement (seeded),
 * evaluates `statistic` on each, and returns the (1 - level) / 2 and (1 + level) / 2 quantiles of every statistic it
 * returns. Resamples where a statistic is NaN (undefined, e.g. an AUC with one class drawn) are left out of its
 * interval and counted. Defaults: resamples 1000, seed 0, level 0.95.
 */
export function bootstrap(size: number, statistic: (indices: Int32Array) => Record<string, number>, options: BootstrapOptions = {}): BootstrapResult {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const v = new OptionChecker('bootstrap');
  v.int('size', size, 0);
  v.int('resamples', resamples, 1);
  v.int('seed', seed);
  v.check(typeof level === 'number' && level > 0 && level < 1, `level must be a number in (0, 1); got ${JSON.stringify(level)}`);
  v.done();
  const rng = createRng(seed);
  const draws = new Map<string, number[]>();
  const undefinedResamples: Record<string, number> = {};
  const indices = new Int32Array(size);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < size; i++) indices[i] = rng.int(size);
    for (const [name, value] of Object.entries(statistic(indices))) {
      let list = draws.get(name);
      if (list === undefined) {
        list = [];
        draws.set(name, list);
        undefinedResamples[name] = r;
      }
      if (Number.isNaN(value)) undefinedResamples[name] = (undefinedResamples[name] ?? 0) + 1;
      else list.push(value);
    }
  }
  const intervals: Record<string, Interval> = {};
  for (const [name, list] of draws) {
    list.sort((a, b) => a - b);
    intervals[name] = { lo: quantileSorted(list, (1 - level) / 2), hi: quantileSorted(list, (1 + level) / 2) };
  }
  return { level, resamples, seed, intervals, undefinedResamples };
}

/** Rows `indices` of row-major probabilities and their labels. */
export function gatherRows(probabilities: Float32Array, labels: Int32Array, numClasses: number, indices: Int32Array): { probabilities: Float32Array; labels: Int32Array } {
  const p = new Float32Array(indices.length * numClasses);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i] as number;
    p.set(probabilities.subarray(j * numClasses, (j + 1) * numClasses), i * numClasses);
    y[i] = labels[j] as number;
  }
  return { probabilities: p, labels: y };
}

/**
 * 95% (by default) percentile-bootstrap intervals of every metric of `classificationReport` (names as in
 * `flattenReport`), the threshold held fixed: the uncertainty of the metrics of this model on this many images.
 */
export function classificationIntervals(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
  options: ClassificationReportOptions & BootstrapOptions = {},
): BootstrapResult {
  checkClassInputs('classificationIntervals', probabilities, labels, numClasses);
  const reportOptions: ClassificationReportOptions = { ...(options.threshold === undefined ? {} : { threshold: options.threshold }), ...(options.positiveClass === undefined ? {} : { positiveClass: options.positiveClass }) };
  return bootstrap(
    labels.length,
    (indices) => {
      const s = gatherRows(probabilities, labels, numClasses, indices);
      return flattenReport(classificationReport(s.probabilities, s.labels, numClasses, reportOptions));
    },
    options,
  );
}
