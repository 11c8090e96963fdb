import { computeMetrics } from './binary-metrics';
import { multiclassMetrics } from './multiclass';
import { rocAuc, rocCurve } from './roc';
import { chooseThreshold } from './policies/operating-points';

// Hand-computed fixture: 4 positives, 4 negatives.
const probs = new Float32Array([0.9, 0.8, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1]);
const labels = new Int32Array([1, 1, 1, 1, 0, 0, 0, 0]);

describe('binary metrics (hand-computed)', () => {
  it('counts the confusion matrix and ratios at 0.5', () => {
    const m = computeMetrics(probs, labels, 0.5);
    // predicted positive: 0.9 0.8 0.7 (tp) and 0.6 (fp); 0.4 is fn; 0.3 0.2 0.1 tn.
    expect(m.confusion).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    expect(m.accuracy).toBeCloseTo(6 / 8, 12);
    expect(m.sensitivity).toBeCloseTo(3 / 4, 12);
    expect(m.specificity).toBeCloseTo(3 / 4, 12);
    expect(m.precision).toBeCloseTo(3 / 4, 12);
    expect(m.f1).toBeCloseTo(0.75, 12);
    // Pairs (pos, neg) ranked correctly: 0.9,0.8,0.7 beat all 4 negatives (12); 0.4 beats 0.3,0.2,0.1 (3): 15/16.
    expect(m.auc).toBeCloseTo(15 / 16, 12);
  });

  it('uses >= at the threshold and NaN for undefined ratios', () => {
    const m = computeMetrics(new Float32Array([0.5, 0.2]), new Int32Array([0, 0]), 0.5);
    expect(m.confusion).toEqual({ tp: 0, fp: 1, tn: 1, fn: 0 });
    expect(m.sensitivity).toBeNaN();
    expect(m.auc).toBeNaN();
    expect(m.precision).toBe(0);
  });

  it('counts ties as one half in the AUC', () => {
    expect(rocAuc(new Float32Array([0.5, 0.5, 0.5, 0.5]), new Int32Array([1, 0, 1, 0]))).toBeCloseTo(0.5, 12);
    expect(rocAuc(new Float32Array([0.8, 0.5, 0.5]), new Int32Array([1, 1, 0]))).toBeCloseTo(0.75, 12);
  });

  it('traces the ROC curve from (0,0) to (1,1)', () => {
    const roc = rocCurve(probs, labels);
    expect(roc).toHaveLength(9);
    expect(roc[0]).toEqual({ threshold: Infinity, tpr: 0, fpr: 0 });
    expect(roc[4]).toMatchObject({ tpr: 0.75, fpr: 0.25 }); // threshold 0.6
    expect(roc[4]!.threshold).toBeCloseTo(0.6, 6);
    expect(roc[8]).toMatchObject({ tpr: 1, fpr: 1 });
  });

  it("chooses the threshold with the best Youden's J", () => {
    // J: t=0.7 -> 0.75; t=0.6 -> 0.5; t=0.4 -> 0.75 (tie, keeps the higher threshold 0.7). Midpoint to 0.6 = 0.65.
    expect(chooseThreshold(probs, labels)).toBeCloseTo(0.65, 6);
    const sep = chooseThreshold(new Float32Array([0.3, 0.2, 0.1, 0.05]), new Int32Array([1, 1, 0, 0]));
    expect(sep).toBeCloseTo(0.15, 6);
    expect(computeMetrics(new Float32Array([0.3, 0.2, 0.1, 0.05]), new Int32Array([1, 1, 0, 0]), sep).accuracy).toBe(1);
    expect(chooseThreshold(new Float32Array([0.3]), new Int32Array([1]))).toBe(0.5);
  });
});

describe('multiclass metrics (hand-computed)', () => {
  it('argmaxes, builds confusion[true][pred], recall and precision', () => {
    const p = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.3, 0.5, 0.6, 0.3, 0.1, 0.3, 0.3, 0.4]);
    const m = multiclassMetrics(p, new Int32Array([0, 1, 2, 1, 2]), 3);
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    expect(m.accuracy).toBeCloseTo(4 / 5, 12);
    expect(m.recall).toEqual([1, 0.5, 1]);
    expect(m.precision).toEqual([0.5, 1, 1]);
    // F1 = 2tp / (actual + predicted): 2/3, 2/3, 1.
    m.f1.forEach((f, c) => expect(f).toBeCloseTo([2 / 3, 2 / 3, 1][c] as number, 12));
    // One-vs-rest AUC: class 1 positives score 0.8 and 0.3 against negatives 0.2, 0.3, 0.3 -> (3 + 1 + 0.5 + 0.5) / 6.
    m.auc.forEach((a, c) => expect(a).toBeCloseTo([1, 5 / 6, 1][c] as number, 12));
    expect(m.macro.precision).toBeCloseTo(5 / 6, 12);
    expect(m.macro.recall).toBeCloseTo(5 / 6, 12);
    expect(m.macro.f1).toBeCloseTo(7 / 9, 12);
    expect(m.macro.auc).toBeCloseTo(17 / 18, 12);
    expect(() => multiclassMetrics(p, new Int32Array([0, 1]), 3)).toThrow(/expected 2 x 3/);
    expect(() => multiclassMetrics(p, new Int32Array([0, 1, 2, 1, 3]), 3)).toThrow(/label 3 of image 4/);
  });

  it('leaves an absent class out of the macro means (NaN, not 0)', () => {
    const m = multiclassMetrics(new Float32Array([0.9, 0.05, 0.05, 0.2, 0.7, 0.1]), new Int32Array([0, 1]), 3);
    expect(m.recall[2]).toBeNaN();
    expect(m.auc[2]).toBeNaN();
    expect(m.macro.recall).toBe(1);
    expect(m.macro.auc).toBe(1);
  });
});
