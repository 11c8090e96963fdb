import { computeMetrics } from '@medimg/train';
import type { Decision } from './decision';
import type { GuardCheck, GuardMetric, ModelScores } from './types';

/** Share of rows whose argmax is the label. */
export function argmaxAccuracy(probabilities: Float32Array, labels: Int32Array, classes: number): number {
  if (labels.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probabilities[i * classes + c] ?? 0) > (probabilities[i * classes + best] ?? 0)) best = c;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Scores as the model is used: a binary model at its card's threshold on the positive-class probability (accuracy,
 * sensitivity, specificity, AUC); more classes by argmax accuracy.
 */
export function scoreModel(probabilities: Float32Array, labels: Int32Array, classes: number, decision: Decision): ModelScores {
  if (classes !== 2) return { accuracy: argmaxAccuracy(probabilities, labels, classes), sensitivity: null, specificity: null, auc: null, threshold: null };
  const positive = decision.positiveClass;
  const p = Float32Array.from(labels, (_, i) => probabilities[i * classes + positive] ?? 0);
  const y = Int32Array.from(labels, (l) => (l === positive ? 1 : 0));
  const m = computeMetrics(p, y, decision.threshold);
  return { accuracy: m.accuracy, sensitivity: finite(m.sensitivity), specificity: finite(m.specificity), auc: finite(m.auc), threshold: decision.threshold };
}

export const GUARD_METRICS: readonly GuardMetric[] = ['accuracy', 'sensitivity', 'specificity', 'auc'];

/** The accuracy guard: each metric the FP32 model has must hold INT8 >= (1 - tolerance) x FP32. */
export function guardChecks(fp32: ModelScores, int8: ModelScores, tolerance: number): GuardCheck[] {
  const out: GuardCheck[] = [];
  for (const metric of GUARD_METRICS) {
    const a = fp32[metric];
    if (a === null) continue;
    const b = int8[metric] ?? 0;
    const goal = (1 - tolerance) * a;
    out.push({ metric, fp32: a, int8: b, goal, met: b >= goal });
  }
  return out;
}

/** Mean absolute difference of two probability arrays (output drift). */
export function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return a.length === 0 ? 0 : s / a.length;
}
