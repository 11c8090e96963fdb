import { computeMetrics } from '../binary-metrics';
import { canonicalPolicyName, chooseThreshold, fitOperatingPoints, metricsAtThresholds } from './operating-points';
import { listThresholdPolicies, registerThresholdPolicy, thresholdPolicy } from './registry';

// ROC of this fixture (descending scores 0.9P 0.8P 0.7P 0.6N 0.4P 0.3N 0.2N 0.1N):
// point:  1     2     3     4        5        6       7       8
// tpr:   .25   .5    .75   .75      1        1       1       1
// fpr:    0     0     0    .25     .25      .5     .75       1
const probs = new Float32Array([0.9, 0.8, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1]);
const labels = new Int32Array([1, 1, 1, 1, 0, 0, 0, 0]);

describe('operating-point policies (hand-computed)', () => {
  it('sensitivity:X takes the highest threshold reaching X', () => {
    expect(chooseThreshold(probs, labels, 'sensitivity:0.95')).toBeCloseTo(0.35, 6); // point 5, midway to 0.3
    expect(chooseThreshold(probs, labels, 'sensitivity:0.5')).toBeCloseTo(0.75, 6); // point 2
    const m = computeMetrics(probs, labels, chooseThreshold(probs, labels, 'sensitivity:0.95'));
    expect([m.sensitivity, m.specificity]).toEqual([1, 0.75]);
  });

  it('specificity:X takes the lowest threshold keeping X', () => {
    expect(chooseThreshold(probs, labels, 'specificity:0.90')).toBeCloseTo(0.65, 6); // point 3
    expect(chooseThreshold(probs, labels, 'specificity:0.75')).toBeCloseTo(0.35, 6); // point 5
    // Only "nothing positive" keeps specificity 1 when the top score is a negative: above the top score.
    expect(chooseThreshold(new Float32Array([0.9, 0.8, 0.1]), new Int32Array([0, 1, 0]), 'specificity:1')).toBeCloseTo(0.95, 6);
  });

  it('cost:R minimises R * FN + FP', () => {
    // R = 5: point 3 costs 5*4*0.25 = 5, point 5 costs 4*0.25 = 1, point 6 costs 2 -> point 5.
    expect(chooseThreshold(probs, labels, 'cost:5')).toBeCloseTo(0.35, 6);
    // R = 0.1: point 3 costs 0.1, point 4 costs 1.1, point 2 costs 0.2 -> point 3; FN/FP spelling is the same policy.
    expect(chooseThreshold(probs, labels, 'cost:0.1')).toBeCloseTo(0.65, 6);
    expect(chooseThreshold(probs, labels, 'cost:1/10')).toBeCloseTo(0.65, 6);
  });

  it('youden keeps the higher threshold on a tie in J', () => {
    expect(chooseThreshold(probs, labels, 'youden')).toBeCloseTo(0.65, 6);
  });

  it('returns 0.5 when a class is absent', () => {
    for (const p of ['youden', 'sensitivity:0.95', 'specificity:0.9', 'cost:5']) expect(chooseThreshold(new Float32Array([0.3, 0.7]), new Int32Array([1, 1]), p)).toBe(0.5);
  });

  it('canonicalises names and rejects bad ones with the fix', () => {
    expect(canonicalPolicyName('specificity:0.90')).toBe('specificity:0.9');
    expect(canonicalPolicyName('cost:10/2')).toBe('cost:5');
    expect(() => thresholdPolicy('sensitivity:1.5')).toThrow(/sensitivity needs a number in \[0, 1\].*sensitivity:0\.95/);
    expect(() => thresholdPolicy('youden:1')).toThrow(/takes no argument/);
    expect(() => thresholdPolicy('f1')).toThrow(/unknown threshold policy "f1".*cost, sensitivity, specificity, youden/);
  });

  it('fits every policy with its metrics, and scores other data at those thresholds', () => {
    const points = fitOperatingPoints(probs, labels);
    expect(points.map((p) => p.policy)).toEqual(['youden', 'sensitivity:0.95', 'specificity:0.9', 'cost:5']);
    expect(points[1]!.metrics).toMatchObject({ sensitivity: 1, specificity: 0.75, auc: 15 / 16 });
    const test = metricsAtThresholds(new Float32Array([0.5, 0.2]), new Int32Array([1, 0]), { youden: 0.65, 'sensitivity:0.95': 0.35 });
    expect(test.map((t) => [t.policy, t.metrics.confusion.tp, t.metrics.confusion.fn])).toEqual([['youden', 0, 1], ['sensitivity:0.95', 1, 0]]);
  });

  it('takes registered policies by name', () => {
    registerThresholdPolicy('fixed', (arg) => ({ name: `fixed:${arg}`, choose: () => Number(arg) }));
    expect(listThresholdPolicies()).toContain('fixed');
    expect(chooseThreshold(probs, labels, 'fixed:0.42')).toBe(0.42);
  });
});
