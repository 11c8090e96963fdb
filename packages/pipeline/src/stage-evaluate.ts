import { join } from 'node:path';
import { writeFileAtomic, type LabeledImageSet, type ModelCard, type Predictor } from '@medimg/core';
import { prepareDataForCard } from '@medimg/dataset';
import { loadPredictor } from '@medimg/runtime';
import { binaryView, evaluationSummary, rocCurve, type BinaryMetrics, type Interval, type OperatingPoint } from '@medimg/metrics';
import { evaluate, type EvaluationReport } from '@medimg/train';
import type { PipelineSettings } from './settings';

/** Per-image metrics of one split (train's binary metrics), in the form the report and result files use. */
export interface SplitEvaluation extends Omit<BinaryMetrics, 'confusion'> {
  split: string;
  images: number;
  confusion: { labels: string[]; matrix: number[][] };
  /** ROC curve of the positive class (two classes), thinned to at most ~200 points; empty for more classes. */
  roc: { fpr: number; tpr: number }[];
  /**
   * More than two classes: per class, its precision, recall, F1 and one-vs-rest ROC curve (thinned) and AUC. The
   * split's `precision`, `f1` and `auc` are then the macro means, `sensitivity` the macro recall; `specificity` is NaN.
   */
  perClass?: { className: string; precision: number; recall: number; f1: number; auc: number; roc: { fpr: number; tpr: number }[] }[];
  /** 95% percentile-bootstrap intervals (1000 resamples, seed 0) of the metrics, by flat name (accuracy, auc, ...). */
  intervals?: Record<string, Interval>;
  /** Top-label calibration: expected calibration error and the reliability-diagram bins. */
  calibration?: { ece: number; bins: { lo: number; hi: number; count: number; confidence: number; accuracy: number }[] };
  /** Per true class (classNames order), counts of p(positive) (binary) or of the own-class probability per bin. */
  histograms?: { edges: number[]; scoreClass: string; counts: number[][] };
  /** The metrics at each operating point stored in the model card. */
  operatingPoints?: { policy: string; threshold: number; metrics: Omit<OperatingPoint['metrics'], 'confusion'> }[];
}

export interface EvaluateStageResult {
  model: string;
  splits: SplitEvaluation[];
}

/** A ROC curve thinned to at most ~200 points (the last one kept). */
function thinRoc(p: Float32Array, y: Int32Array): { fpr: number; tpr: number }[] {
  const roc = rocCurve(p, y);
  const step = Math.max(1, Math.ceil(roc.length / 200));
  return roc.filter((_, i) => i % step === 0 || i === roc.length - 1).map((q) => ({ fpr: q.fpr, tpr: q.tpr }));
}

/** Per class of a model with more than two classes: precision, recall, F1, one-vs-rest ROC and AUC. */
function perClassOf(report: EvaluationReport): NonNullable<SplitEvaluation['perClass']> {
  const m = report.multiclass;
  return report.classNames.map((className, c) => {
    const { p, y } = binaryView(report.probabilities, report.labels, report.classNames.length, c);
    return { className, precision: m.precision[c] ?? NaN, recall: m.recall[c] ?? NaN, f1: m.f1[c] ?? NaN, auc: m.auc[c] ?? NaN, roc: thinRoc(p, y) };
  });
}

function summarise(split: string, report: EvaluationReport, meta: ModelCard): SplitEvaluation {
  const threshold = meta.threshold;
  const b = report.binary;
  const positive = report.positiveClass ?? 1;
  const summary = evaluationSummary(report.probabilities, report.labels, report.classNames.length, {
    threshold, positiveClass: report.positiveClass, ...(meta.operatingPoints ? { operatingPoints: meta.operatingPoints } : {}),
  });
  const h = summary.histograms;
  const multi = report.classNames.length > 2;
  const view = binaryView(report.probabilities, report.labels, report.classNames.length, positive);
  const mc = report.multiclass;
  return {
    split,
    images: report.size,
    accuracy: report.accuracy,
    sensitivity: b?.sensitivity ?? (multi ? mc.macro.recall : NaN),
    specificity: b?.specificity ?? NaN,
    precision: b?.precision ?? (multi ? mc.macro.precision : NaN),
    f1: b?.f1 ?? (multi ? mc.macro.f1 : NaN),
    auc: b?.auc ?? (multi ? mc.macro.auc : NaN),
    threshold,
    confusion: { labels: report.classNames, matrix: mc.confusion },
    roc: multi ? [] : thinRoc(view.p, view.y),
    ...(multi ? { perClass: perClassOf(report) } : {}),
    ...(summary.intervals ? { intervals: summary.intervals.intervals } : {}),
    calibration: { ece: summary.calibration.ece, bins: summary.calibration.bins },
    histograms: { edges: h.edges, scoreClass: h.scoreClass === 'own' ? 'own class' : (report.classNames[h.scoreClass] ?? String(h.scoreClass)), counts: h.counts },
    operatingPoints: summary.operatingPoints.map(({ policy, threshold: t, metrics: { confusion: _c, ...m } }) => ({ policy, threshold: t, metrics: m })),
  };
}

/** The evaluation sets: the validation side of the model card's split, and the test split when the dataset has one. */
export async function evaluationSets(s: PipelineSettings, card: ModelCard, where: string): Promise<{ name: string; set: LabeledImageSet }[]> {
  const data = await prepareDataForCard({ dataDir: s.dataDir, card, where, includeTest: true, logger: s.logger, ...(s.cacheDir !== undefined ? { cacheDir: s.cacheDir } : {}) });
  const sets = [{ name: 'validation', set: data.validation }];
  if (data.test !== undefined) sets.push({ name: 'test', set: data.test });
  return sets;
}

/** Evaluates a predictor on every evaluation set at its card's threshold; writes metrics.json. */
export async function evaluatePredictor(s: PipelineSettings, stageDir: string, name: string, predictor: Predictor): Promise<EvaluateStageResult> {
  const meta = predictor.card;
  const splits: SplitEvaluation[] = [];
  for (const { name: split, set } of await evaluationSets(s, meta, `pipeline ${name}`)) {
    const report = await evaluate({ model: predictor, set, threshold: meta.threshold, ...(meta.positiveClass !== null ? { positiveClass: meta.positiveClass } : {}) });
    splits.push(summarise(split, report, meta));
    s.logger.info(`[${name}] ${split}: accuracy ${(splits.at(-1)!.accuracy * 100).toFixed(2)}%, AUC ${splits.at(-1)!.auc.toFixed(4)} (${report.size} images)`);
  }
  const result = { model: name, splits };
  await writeFileAtomic(join(stageDir, 'metrics.json'), JSON.stringify(result, null, 2));
  return result;
}

/** Evaluates a model (the trained LayersModel OUT/train/best, or the INT8 .onnx) loaded through @medimg/runtime. */
export async function evaluateStage(s: PipelineSettings, stageDir: string, name: string, model: string): Promise<EvaluateStageResult> {
  const predictor = await loadPredictor(model, { logger: s.logger });
  try {
    return await evaluatePredictor(s, stageDir, name, predictor);
  } finally {
    await predictor.dispose();
  }
}
