import { bootstrap, classificationIntervals, quantileSorted } from './bootstrap';

/** Smallest k with P(Binomial(n, p) <= k) >= q. */
function binomialQuantile(n: number, p: number, q: number): number {
  let cdf = 0;
  let pmf = Math.pow(1 - p, n);
  for (let k = 0; k <= n; k++) {
    cdf += pmf;
    if (cdf >= q) return k;
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return n;
}

describe('percentile bootstrap', () => {
  // 100 images, 80 right at threshold 0.5: the bootstrap distribution of the accuracy is exactly Binomial(100, 0.8) / 100.
  const n = 100;
  const labels = new Int32Array(n).map((_, i) => i % 2);
  const probs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const right = i < 80;
    const p1 = (labels[i] === 1) === right ? 0.8 : 0.2;
    probs[i * 2] = 1 - p1;
    probs[i * 2 + 1] = p1;
  }

  it('matches the binomial quantiles (and the normal approximation) for an accuracy', () => {
    const r = classificationIntervals(probs, labels, 2, { resamples: 3000, seed: 1 });
    const acc = r.intervals.accuracy!;
    const lo = binomialQuantile(n, 0.8, 0.025) / n;
    const hi = binomialQuantile(n, 0.8, 0.975) / n;
    expect([lo, hi]).toEqual([0.72, 0.88]);
    expect(Math.abs(acc.lo - lo)).toBeLessThanOrEqual(0.011);
    expect(Math.abs(acc.hi - hi)).toBeLessThanOrEqual(0.011);
    const se = Math.sqrt((0.8 * 0.2) / n);
    expect(Math.abs(acc.lo - (0.8 - 1.96 * se))).toBeLessThan(0.02);
    expect(Math.abs(acc.hi - (0.8 + 1.96 * se))).toBeLessThan(0.02);
    expect(r).toMatchObject({ level: 0.95, resamples: 3000, seed: 1 });
    expect(r.intervals.auc!.lo).toBeLessThan(r.intervals.auc!.hi);
  });

  it('is exact in degenerate cases and counts undefined resamples', () => {
    const allRight = classificationIntervals(new Float32Array([0.9, 0.1, 0.8, 0.2, 0.3, 0.7]), new Int32Array([0, 0, 1]), 2, { resamples: 200 });
    expect(allRight.intervals.accuracy).toEqual({ lo: 1, hi: 1 });
    const oneClass = classificationIntervals(new Float32Array([0.9, 0.1, 0.8, 0.2]), new Int32Array([0, 0]), 2, { resamples: 50 });
    expect(oneClass.intervals.auc!.lo).toBeNaN();
    expect(oneClass.undefinedResamples.auc).toBe(50);
  });

  it('is seeded', () => {
    const stat = (idx: Int32Array): Record<string, number> => ({ mean: idx.reduce((a, b) => a + b, 0) / idx.length });
    expect(bootstrap(30, stat, { seed: 3, resamples: 100 })).toEqual(bootstrap(30, stat, { seed: 3, resamples: 100 }));
    expect(bootstrap(30, stat, { seed: 3, resamples: 100 }).intervals.mean).not.toEqual(bootstrap(30, stat, { seed: 4, resamples: 100 }).intervals.mean);
    expect(() => bootstrap(30, stat, { resamples: 0, level: 1 })).toThrow(/resamples must be an integer.*\n.*level must be a number in \(0, 1\)/);
  });

  it('interpolates quantiles linearly', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
