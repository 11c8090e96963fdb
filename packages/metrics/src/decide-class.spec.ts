import { decideClass } from './decide-class';

describe('decideClass', () => {
  it('decides two classes at the threshold on the positive class, whichever index it has', () => {
    expect(decideClass([0.7, 0.3], { positiveClass: 1, threshold: 0.3 })).toBe(1); // at the threshold: positive
    expect(decideClass([0.71, 0.29], { positiveClass: 1, threshold: 0.3 })).toBe(0);
    expect(decideClass(Float32Array.of(0.4, 0.6), { positiveClass: 0, threshold: 0.35 })).toBe(0);
    expect(decideClass([0.2, 0.8], { positiveClass: 0, threshold: 0.35 })).toBe(1);
  });

  it('takes the highest probability for more classes or no positive class (first maximum on ties)', () => {
    expect(decideClass([0.2, 0.5, 0.3], { positiveClass: 1, threshold: 0.9 })).toBe(1);
    expect(decideClass([0.1, 0.45, 0.45], { positiveClass: null, threshold: 0.5 })).toBe(1);
    expect(decideClass([0.6, 0.4], { positiveClass: null, threshold: 0.1 })).toBe(0);
  });
});
