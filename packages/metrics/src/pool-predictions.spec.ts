import { computeMetrics } from './binary-metrics';
import { chooseThreshold } from './policies/operating-points';
import { poolPredictions } from './pool-predictions';

describe('poolPredictions', () => {
  it('concatenates sets in order, so a policy fitted on the pool meets its target there (hand-computed)', () => {
    // Two-class rows [p(NORMAL), p(PNEUMONIA)]. Plain: NORMAL scores 0.1, 0.2, 0.3, 0.4; shifted: the same NORMAL images score higher.
    const rows = (p: number[]): Float32Array => Float32Array.from(p.flatMap((x) => [1 - x, x]));
    const plain = { probabilities: rows([0.1, 0.2, 0.3, 0.4, 0.8, 0.9]), labels: Int32Array.from([0, 0, 0, 0, 1, 1]) };
    const shifted = { probabilities: rows([0.5, 0.6, 0.65, 0.7, 0.85, 0.95]), labels: Int32Array.from([0, 0, 0, 0, 1, 1]) };
    const pooled = poolPredictions([plain, shifted], 2);
    expect(pooled.labels).toEqual(Int32Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1]));
    expect(pooled.probabilities[2 * 6 + 1]).toBeCloseTo(0.5, 6);
    const positive = (s: { probabilities: Float32Array }): Float32Array => s.probabilities.filter((_, i) => i % 2 === 1);
    // specificity:0.75 on plain alone: the lowest threshold keeping 3 of 4 NORMAL: midway 0.4 / 0.3 = 0.35 -> none of the 4 shifted NORMAL stays below.
    const alone = chooseThreshold(positive(plain), plain.labels, 'specificity:0.75');
    expect(alone).toBeCloseTo(0.35, 6);
    expect(computeMetrics(positive(shifted), shifted.labels, alone).specificity).toBe(0);
    // On the pool (8 NORMAL: 0.1 ... 0.6, 0.65, 0.7): 6 must stay below -> midway 0.65 / 0.6 = 0.625; specificity 6/8, sensitivity 1.
    const both = chooseThreshold(positive(pooled), pooled.labels, 'specificity:0.75');
    expect(both).toBeCloseTo(0.625, 6);
    expect(computeMetrics(positive(pooled), pooled.labels, both)).toMatchObject({ specificity: 0.75, sensitivity: 1 });
    expect(() => poolPredictions([plain, { probabilities: new Float32Array(3), labels: new Int32Array(2) }], 2)).toThrow(/part 1 has 3 probabilities for 2 labels x 2 classes/);
  });
});
