import { OptionChecker } from '@medimg/core';
import { evaluate } from './evaluate';
import type { BinaryMetrics } from '@medimg/metrics';
import type { EvaluateOptions, EvaluationReport, Predictor } from './types';
import type { LabeledImageSet } from '@medimg/core';

/** One named set of a suite (e.g. the validation images under one acquisition change). */
export interface SuiteSet {
  name: string;
  set: LabeledImageSet;
}

/** Options of `evaluateSuite`; threshold default 0.5, batchSize 32, positiveClass as in `evaluate`. */
export interface EvaluateSuiteOptions {
  model: Predictor;
  sets: readonly SuiteSet[];
  threshold?: number;
  positiveClass?: number;
  batchSize?: number;
  /** Test-time augmentation views, as in `evaluate`. Default none. */
  tta?: EvaluateOptions['tta'];
  /** Called after each set (progress). */
  onSet?: (row: SuiteRow, index: number) => void;
}

/** The headline metrics of one set. For more than two classes auc is the macro AUC and sensitivity/specificity are NaN. */
export interface SuiteRow {
  name: string;
  images: number;
  loss: number;
  accuracy: number;
  auc: number;
  sensitivity: number;
  specificity: number;
}

export interface SuiteReport {
  rows: SuiteRow[];
  /** The unweighted mean of every metric over the rows (a shift-stress score). */
  mean: Omit<SuiteRow, 'name' | 'images'>;
  /** The full report per set, in `sets` order. */
  reports: EvaluationReport[];
}

function rowOf(name: string, r: EvaluationReport): SuiteRow {
  const b: BinaryMetrics | undefined = r.binary;
  return { name, images: r.size, loss: r.loss, accuracy: r.accuracy, auc: b?.auc ?? r.multiclass.macro.auc, sensitivity: b?.sensitivity ?? NaN, specificity: b?.specificity ?? NaN };
}

/**
 * Evaluates one model on several sets at one threshold (e.g. the shift-stress validation: the same images under
 * controlled acquisition changes) and reports the metrics per set and their mean.
 */
export async function evaluateSuite(options: EvaluateSuiteOptions): Promise<SuiteReport> {
  const v = new OptionChecker('evaluateSuite');
  v.check(Array.isArray(options.sets) && options.sets.length > 0, 'sets must hold at least one named set');
  v.done();
  const rows: SuiteRow[] = [];
  const reports: EvaluationReport[] = [];
  for (const [i, { name, set }] of options.sets.entries()) {
    const report = await evaluate({
      model: options.model, set, threshold: options.threshold ?? 0.5, batchSize: options.batchSize ?? 32,
      ...(options.positiveClass !== undefined ? { positiveClass: options.positiveClass } : {}),
      ...(options.tta !== undefined ? { tta: options.tta } : {}),
    });
    const row = rowOf(name, report);
    rows.push(row);
    reports.push(report);
    options.onSet?.(row, i);
  }
  const avg = (k: 'loss' | 'accuracy' | 'auc' | 'sensitivity' | 'specificity'): number => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  return { rows, mean: { loss: avg('loss'), accuracy: avg('accuracy'), auc: avg('auc'), sensitivity: avg('sensitivity'), specificity: avg('specificity') }, reports };
}
