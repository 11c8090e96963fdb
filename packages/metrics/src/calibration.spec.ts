import { createRng } from '@medimg/core';
import { calibration } from './calibration';
import { logLoss } from './log-loss';
import { applyTemperature, fitTemperature } from './temperature';

describe('calibration', () => {
  it('computes ECE and the reliability bins by hand', () => {
    // Top-label confidences 0.95 (right), 0.85 (wrong), 0.75 (right), 0.65 (wrong).
    const p = new Float32Array([0.95, 0.05, 0.85, 0.15, 0.25, 0.75, 0.35, 0.65]);
    const c = calibration(p, new Int32Array([0, 1, 1, 0]), 2);
    expect(c.ece).toBeCloseTo((0.05 + 0.85 + 0.25 + 0.65) / 4, 6);
    expect(c.mce).toBeCloseTo(0.85, 6);
    expect(c.bins).toHaveLength(10);
    expect(c.bins[9]).toMatchObject({ lo: 0.9, hi: 1, count: 1, accuracy: 1 });
    expect(c.bins[8]!.accuracy).toBe(0);
    expect(c.bins[0]!.confidence).toBeNaN();
    expect(c.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
  });
});

describe('temperature scaling', () => {
  // Labels drawn from a calibrated p; the "model" reports an over-confident p^3 / (p^3 + (1-p)^3), i.e. T = 1/3.
  const rng = createRng(11);
  const n = 2000;
  const labels = new Int32Array(n);
  const overconfident = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = rng.uniform(0.05, 0.95);
    labels[i] = rng.next() < p ? 1 : 0;
    const q = p ** 3 / (p ** 3 + (1 - p) ** 3);
    overconfident[2 * i] = 1 - q;
    overconfident[2 * i + 1] = q;
  }

  it('recovers the temperature and improves ECE and NLL of a miscalibrated fixture', () => {
    const t = fitTemperature(overconfident, labels, 2);
    expect(t).toBeGreaterThan(2.6);
    expect(t).toBeLessThan(3.4);
    const scaled = applyTemperature(overconfident, 2, t);
    const before = calibration(overconfident, labels, 2).ece;
    const after = calibration(scaled, labels, 2).ece;
    expect(after).toBeLessThan(before / 2);
    expect(logLoss(scaled, labels, 2)).toBeLessThan(logLoss(overconfident, labels, 2) - 0.05);
  });

  it('keeps the argmax and undoes a known temperature exactly', () => {
    const p = new Float32Array([0.7, 0.2, 0.1, 0.05, 0.15, 0.8]);
    const sharp = applyTemperature(p, 3, 0.5);
    expect(sharp[0]).toBeCloseTo(0.49 / (0.49 + 0.04 + 0.01), 6);
    const back = applyTemperature(sharp, 3, 2);
    back.forEach((v, i) => expect(v).toBeCloseTo(p[i] as number, 5));
    expect(fitTemperature(new Float32Array(0), new Int32Array(0), 2)).toBe(1);
    expect(() => applyTemperature(p, 3, 0)).toThrow(/temperature must be a number/);
  });
});
