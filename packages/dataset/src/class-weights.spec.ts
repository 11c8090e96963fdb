import { classWeights } from './class-weights';

describe('classWeights', () => {
  it('gives balanced weights n / (k * count)', () => {
    const labels = new Int32Array([...new Array(1341).fill(0), ...new Array(3875).fill(1)]);
    const w = classWeights(labels, 2);
    expect(w[0]).toBeCloseTo(5216 / (2 * 1341), 6);
    expect(w[1]).toBeCloseTo(5216 / (2 * 3875), 6);
    const w3 = classWeights(new Int32Array([0, 0]), 3);
    expect(w3[0]).toBeCloseTo(1 / 3, 9);
    expect(w3.slice(1)).toEqual([0, 0]);
    expect(() => classWeights(new Int32Array([5]), 2)).toThrow(/label 5/);
  });
});
