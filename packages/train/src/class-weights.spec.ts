import { resolveClassWeights } from './class-weights';

describe('resolveClassWeights', () => {
  it('gives balanced weights n / (k * count)', () => {
    const labels = new Int32Array([...new Array(1341).fill(0), ...new Array(3875).fill(1)]);
    const w = resolveClassWeights('balanced', labels, 2);
    expect(w[0]).toBeCloseTo(5216 / (2 * 1341), 6);
    expect(w[1]).toBeCloseTo(5216 / (2 * 3875), 6);
    const w3 = resolveClassWeights('balanced', new Int32Array([0, 0]), 3);
    expect(w3[0]).toBeCloseTo(1 / 3, 9);
    expect(w3.slice(1)).toEqual([0, 0]);
    expect(() => resolveClassWeights('balanced', new Int32Array([5]), 2)).toThrow(/label 5/);
  });

  it("takes 'none' and explicit weights", () => {
    expect(resolveClassWeights('none', new Int32Array([0, 1, 1]), 2)).toEqual([1, 1]);
    expect(resolveClassWeights([2, 0.5], new Int32Array([0]), 2)).toEqual([2, 0.5]);
    expect(() => resolveClassWeights([1], new Int32Array([0]), 2)).toThrow(/2 non-negative numbers/);
  });
});
