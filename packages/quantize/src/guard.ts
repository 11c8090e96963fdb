import { classificationReport } from '@medimg/metrics';
import type { Decision } from './decision';
import type { GuardCheck, GuardMetric, ModelScores } from './types';

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * Scores as the model is used (@medimg/metrics `classificationReport`): a binary model at its card's threshold on
 * the positive-class probability (accuracy, sensitivity, specificity, AUC); more classes by argmax accuracy and macro
 * one-vs-rest AUC. An undefined metric (a class absent) is null.
 */
export function scoreModel(probabilities: Float32Array, labels: Int32Array, classes: number, decision: Decision): ModelScores {
  if (classes !== 2) {
    const report = classificationReport(probabilities, labels, classes, { positiveClass: null });
    return { accuracy: report.accuracy, sensitivity: null, specificity: null, auc: finite(report.multiclass.macro.auc), threshold: null };
  }
  const report = classificationReport(probabilities, labels, classes, { threshold: decision.threshold, positiveClass: decision.positiveClass });
  const b = report.binary;
  return { accuracy: report.accuracy, sensitivity: finite(b?.sensitivity), specificity: finite(b?.specificity), auc: finite(b?.auc), threshold: decision.threshold };
}

export const GUARD_METRICS: readonly GuardMetric[] = ['accuracy', 'sensitivity', 'specificity', 'auc'];

/** The accuracy guard: each metric the FP32 model has must hold INT8 >= (1 - tolerance) x FP32 (relative tolerance). */
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
