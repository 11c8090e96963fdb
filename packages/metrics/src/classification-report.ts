import { OptionChecker } from '@medimg/core';
import { computeMetrics } from './binary-metrics';
import { binaryView, checkClassInputs } from './check-inputs';
import { logLoss } from './log-loss';
import { multiclassMetrics } from './multiclass';
import type { ClassificationReport } from './types';

/**
 * Options of `classificationReport`. Defaults: threshold 0.5; positiveClass 1 for two classes (pass
 * `resolvePositiveClass(classNames)` to use the class named PNEUMONIA), null (argmax only) for more.
 */
export interface ClassificationReportOptions {
  /** Decision threshold on the positive-class probability (two classes only). */
  threshold?: number;
  positiveClass?: number | null;
}

/**
 * Every metric of one set of predictions: argmax multi-class metrics (per-class precision/recall/F1, one-vs-rest
 * AUC, macro means, N x N confusion), log loss, and for two classes the positive class's metrics at the threshold.
 * `accuracy` is the accuracy of the decision medimg makes: at the threshold for two classes, argmax otherwise.
 */
export function classificationReport(probabilities: Float32Array, labels: Int32Array, numClasses: number, options: ClassificationReportOptions = {}): ClassificationReport {
  checkClassInputs('classificationReport', probabilities, labels, numClasses);
  const threshold = options.threshold ?? 0.5;
  const positiveClass = numClasses === 2 ? (options.positiveClass === undefined ? 1 : options.positiveClass) : null;
  const v = new OptionChecker('classificationReport');
  v.number('threshold', threshold, 0, 1);
  v.check(positiveClass === null || positiveClass === 0 || positiveClass === 1, `positiveClass must be 0 or 1 for two classes; got ${JSON.stringify(options.positiveClass)}`);
  v.done();
  const multiclass = multiclassMetrics(probabilities, labels, numClasses);
  const report: ClassificationReport = {
    size: labels.length,
    numClasses,
    accuracy: multiclass.accuracy,
    argmaxAccuracy: multiclass.accuracy,
    loss: logLoss(probabilities, labels, numClasses),
    multiclass,
    positiveClass,
  };
  if (positiveClass !== null) {
    const { p, y } = binaryView(probabilities, labels, numClasses, positiveClass);
    report.binary = computeMetrics(p, y, threshold, multiclass.auc[positiveClass]);
    report.accuracy = report.binary.accuracy;
  }
  return report;
}

/** A report's metrics as flat names (`accuracy`, `macroAuc`, `sensitivity`, `recall/0`, ...), e.g. for intervals. */
export function flattenReport(report: ClassificationReport): Record<string, number> {
  const m = report.multiclass;
  const out: Record<string, number> = {
    accuracy: report.accuracy,
    argmaxAccuracy: report.argmaxAccuracy,
    loss: report.loss,
    macroPrecision: m.macro.precision,
    macroRecall: m.macro.recall,
    macroF1: m.macro.f1,
    macroAuc: m.macro.auc,
  };
  const b = report.binary;
  if (b) Object.assign(out, { sensitivity: b.sensitivity, specificity: b.specificity, precision: b.precision, f1: b.f1, auc: b.auc });
  for (let c = 0; c < report.numClasses; c++) {
    out[`recall/${c}`] = m.recall[c] as number;
    out[`precision/${c}`] = m.precision[c] as number;
    out[`f1/${c}`] = m.f1[c] as number;
    out[`auc/${c}`] = m.auc[c] as number;
  }
  return out;
}
