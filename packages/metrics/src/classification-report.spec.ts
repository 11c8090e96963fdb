import { classificationReport, flattenReport } from './classification-report';
import { probabilityHistograms } from './histograms';
import { logLoss } from './log-loss';

// Positive-class probabilities 0.9 0.6 0.3 | 0.4 0.2 (labels 1 1 1 | 0 0).
const p1 = [0.9, 0.6, 0.3, 0.4, 0.2];
const probs = new Float32Array(p1.flatMap((p) => [1 - p, p]));
const labels = new Int32Array([1, 1, 1, 0, 0]);

describe('classificationReport', () => {
  it('has one accuracy: at the threshold for two classes, with the argmax one named apart', () => {
    const r = classificationReport(probs, labels, 2, { threshold: 0.25 });
    expect(r.binary!.confusion).toEqual({ tp: 3, fp: 1, tn: 1, fn: 0 });
    expect(r.accuracy).toBe(r.binary!.accuracy);
    expect(r.accuracy).toBeCloseTo(4 / 5, 12);
    expect(r.argmaxAccuracy).toBeCloseTo(4 / 5, 6); // argmax: 0.3 is a miss, 0.4 and 0.2 are right
    expect(classificationReport(probs, labels, 2, { threshold: 0.5 }).accuracy).toBeCloseTo(4 / 5, 12);
    expect(classificationReport(probs, labels, 2, { threshold: 0.95 }).accuracy).toBeCloseTo(2 / 5, 12);
    expect(r.binary!.auc).toBeCloseTo(5 / 6, 12); // pairs: 0.9 and 0.6 beat both, 0.3 beats 0.2 only
    expect(r.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.3) + Math.log(0.6) + Math.log(0.8)) / 5, 6);
  });

  it('takes the positive class, and argmax only for more classes', () => {
    const r = classificationReport(probs, labels, 2, { positiveClass: 0, threshold: 0.5 });
    expect(r.binary!.confusion.tp).toBe(2); // NORMAL-as-positive: 0.6 and 0.8 of the two label-0 images
    const three = classificationReport(new Float32Array([0.5, 0.3, 0.2, 0.1, 0.1, 0.8]), new Int32Array([0, 1]), 3);
    expect(three.positiveClass).toBeNull();
    expect(three.binary).toBeUndefined();
    expect(three.accuracy).toBe(0.5);
    expect(flattenReport(three)).toMatchObject({ accuracy: 0.5, argmaxAccuracy: 0.5, 'recall/0': 1, 'recall/1': 0 });
    expect(() => classificationReport(probs, labels, 2, { threshold: 2 })).toThrow(/threshold must be a number in \[0, 1\]/);
  });

  it('writes undefined metrics as null in JSON', () => {
    const r = classificationReport(new Float32Array([0.2, 0.8]), new Int32Array([1]), 2);
    expect(JSON.parse(JSON.stringify(r.binary))).toMatchObject({ auc: null, specificity: null, sensitivity: 1 });
  });

  it('logLoss clamps at 1e-7', () => {
    expect(logLoss(new Float32Array([1, 0]), new Int32Array([1]), 2)).toBeCloseTo(-Math.log(1e-7), 6);
  });
});

describe('probabilityHistograms', () => {
  it('bins the score class per true class', () => {
    const h = probabilityHistograms(probs, labels, 2, { bins: 5, scoreClass: 1 });
    expect(h.edges).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(h.counts).toEqual([
      [0, 1, 1, 0, 0], // label 0: 0.2 -> bin 1, 0.4 -> bin 2
      [0, 1, 0, 1, 1], // label 1: 0.3, 0.6 -> bin 3 (float32 0.6 >= 0.6), 0.9
    ]);
    const own = probabilityHistograms(probs, labels, 2, { bins: 2 });
    expect(own.counts).toEqual([[0, 2], [1, 2]]);
    expect(() => probabilityHistograms(probs, labels, 2, { scoreClass: 2 })).toThrow(/scoreClass/);
  });
});
