import { createRng } from '@medimg/core';
import { entropyThreshold, getCalibrator, listCalibrators, statsOf } from '../index';

const ctx = { percentile: 99.99, symmetric: false };

function normal(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe('calibrators', () => {
  it('are registered by name and reject unknown ones with the list', () => {
    expect(listCalibrators()).toEqual(expect.arrayContaining(['entropy', 'minmax', 'percentile']));
    expect(() => getCalibrator('nope')).toThrow(/unknown calibration method "nope"; registered: .*entropy.*minmax.*percentile/);
  });

  it('minmax returns the observed range', () => {
    const r = getCalibrator('minmax').computeRange(statsOf([-0.5, 3, 1.25, 0], false), ctx);
    expect(r).toEqual({ min: -0.5, max: 3 });
  });

  it('percentile cuts (100-p)/2 % off each tail: uniform [0,1] at p = 99 gives ~[0.005, 0.995]', () => {
    const values = Float32Array.from({ length: 100000 }, (_, i) => (i + 0.5) / 100000);
    const r = getCalibrator('percentile').computeRange(statsOf(values, true), { percentile: 99, symmetric: false });
    expect(r.min).toBeCloseTo(0, 2); // asymmetric ranges keep 0 (the low tail 0.005 is above 0)
    expect(r.max).toBeCloseTo(0.995, 2);
    const signed = Float32Array.from(values, (v) => 2 * v - 1);
    const s = getCalibrator('percentile').computeRange(statsOf(signed, true), { percentile: 99, symmetric: false });
    expect(s.min).toBeCloseTo(-0.99, 2);
    expect(s.max).toBeCloseTo(0.99, 2);
  });

  it('percentile on a standard normal: 99.99 % symmetric clips at |x| ~ 3.89', () => {
    const values = normal(400000, 1);
    const r = getCalibrator('percentile').computeRange(statsOf(values, true), { percentile: 99.99, symmetric: true });
    expect(r.max).toBeGreaterThan(3.7);
    expect(r.max).toBeLessThan(4.1);
    expect(r.min).toBeCloseTo(-r.max, 6);
    const mm = getCalibrator('minmax').computeRange(statsOf(values, false), ctx);
    expect(mm.max).toBeGreaterThan(r.max);
  });

  it('entropy keeps a uniform range whole and clips a far outlier', () => {
    const uniform = Float32Array.from({ length: 50000 }, (_, i) => (i / 50000) * 2 - 1);
    const tu = entropyThreshold(statsOf(uniform, true));
    expect(tu).toBeGreaterThan(0.95);
    expect(tu).toBeLessThanOrEqual(1);
    const relu = Float32Array.from({ length: 50000 }, (_, i) => i / 50000);
    const r01 = getCalibrator('entropy').computeRange(statsOf(relu, true), { percentile: 99.99, symmetric: false });
    expect(r01.min).toBe(0);
    expect(r01.max).toBeGreaterThan(0.95);
    // post-ReLU: half exact zeros, half |N(0,1)|; the zeros must not pull the threshold below the bulk (|x| ~ 2.5+)
    const post = Float32Array.from(normal(100000, 5), (v) => Math.max(0, v));
    const rp = getCalibrator('entropy').computeRange(statsOf(post, true), { percentile: 99.99, symmetric: false });
    expect(rp.max).toBeGreaterThan(2.5);
    const values = normal(100000, 2);
    values[0] = 40; // one outlier stretches min-max to 40
    const t = entropyThreshold(statsOf(values, true));
    expect(t).toBeGreaterThan(2);
    expect(t).toBeLessThan(8);
    const r = getCalibrator('entropy').computeRange(statsOf(values, true), ctx);
    expect(r.max).toBeCloseTo(t, 6);
    expect(r.min).toBeCloseTo(-t, 6);
  });
});
