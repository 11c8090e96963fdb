import { evaluationSummary } from './evaluation-summary';

// Positive-class probabilities 0.9 0.6 0.3 | 0.4 0.2 (labels 1 1 1 | 0 0).
const p1 = [0.9, 0.6, 0.3, 0.4, 0.2];
const probs = new Float32Array(p1.flatMap((p) => [1 - p, p]));
const labels = new Int32Array([1, 1, 1, 0, 0]);

describe('evaluationSummary', () => {
  it('puts the decision metrics, intervals, calibration, operating points and histograms together', () => {
    const s = evaluationSummary(probs, labels, 2, { threshold: 0.25, operatingPoints: { youden: 0.5, 'sensitivity:0.95': 0.25 }, temperature: 2, resamples: 200 });
    expect(s.decision).toBe('threshold');
    expect(s.accuracy).toBe(s.binary!.accuracy);
    expect(s.intervals!.intervals.accuracy!.lo).toBeLessThanOrEqual(s.accuracy);
    expect(s.intervals!.intervals.accuracy!.hi).toBeGreaterThanOrEqual(s.accuracy);
    expect(s.operatingPoints.map((o) => [o.policy, o.metrics.confusion.tp, o.metrics.confusion.fp])).toEqual([['youden', 2, 0], ['sensitivity:0.95', 3, 1]]);
    expect(s.histograms.counts).toEqual([[0, 0, 1, 0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 1, 0, 0, 1]]);
    expect(s.calibration.afterTemperature?.temperature).toBe(2);
    expect(s.calibration.bins.reduce((n, b) => n + b.count, 0)).toBe(5);
  });

  it('uses argmax and own-class histograms for more classes, and skips intervals on request', () => {
    const s = evaluationSummary(new Float32Array([0.5, 0.3, 0.2, 0.1, 0.1, 0.8]), new Int32Array([0, 2]), 3, { resamples: 0, bins: 2 });
    expect(s.decision).toBe('argmax');
    expect(s.intervals).toBeNull();
    expect(s.operatingPoints).toEqual([]);
    expect(s.histograms.scoreClass).toBe('own');
    expect(s.histograms.counts).toEqual([[0, 1], [0, 0], [0, 1]]);
  });
});
