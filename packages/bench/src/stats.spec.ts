import { percentile, scaleStats, summarize } from './stats';

describe('statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBeCloseTo(2.5, 12);
    expect(percentile([10], 99)).toBe(10);
    const hundredOne = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(percentile(hundredOne, 0)).toBe(1);
    expect(percentile(hundredOne, 90)).toBeCloseTo(91, 12);
    expect(percentile(hundredOne, 99)).toBeCloseTo(100, 12);
    expect(percentile(hundredOne, 100)).toBe(101);
    expect(percentile([0, 10], 25)).toBeCloseTo(2.5, 12);
  });

  it('summarizes unsorted durations', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toEqual({ count: 4, min: 1, mean: 2.5, p50: 2.5, p90: expect.any(Number), p99: expect.any(Number), max: 4, std: Math.sqrt(1.25) });
    expect(s.p90).toBeCloseTo(3.7, 12);
    expect(s.p99).toBeCloseTo(3.97, 12);
  });

  it('scales per-batch statistics to per-image', () => {
    const s = scaleStats(summarize([8, 16]), 8);
    expect([s.min, s.mean, s.max, s.count]).toEqual([1, 1.5, 2, 2]);
  });

  it('rejects empty input and p outside [0, 100]', () => {
    expect(() => summarize([])).toThrow(/must not be empty/);
    expect(() => percentile([1], 101)).toThrow(/p must be in \[0, 100\]/);
  });
});
