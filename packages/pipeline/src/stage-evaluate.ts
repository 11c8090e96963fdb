import { join } from 'node:path';
import { loadLayersModel, readModelMetadata, writeFileAtomic, type LabeledImageSet, type ModelMetadata } from '@medimg/core';
import { prepareData } from '@medimg/dataset';
import { binaryView, evaluationSummary, rocCurve, type BinaryMetrics, type Interval, type OperatingPoint } from '@medimg/metrics';
import { evaluate, layersPredictor, type EvaluationReport, type Predictor } from '@medimg/train';
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

function summarise(split: string, report: EvaluationReport, meta: ModelMetadata): SplitEvaluation {
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

/** The evaluation sets: the validation side of the training split, and the test split when the dataset has one. */
export async function evaluationSets(s: PipelineSettings, meta: ModelMetadata): Promise<{ name: string; set: LabeledImageSet }[]> {
  const common = { imageSize: meta.preprocessing.imageSize, channels: meta.preprocessing.channels, normalize: meta.preprocessing.normalize ?? 'none', window: meta.preprocessing.window ?? 'auto', logger: s.logger, ...(s.cacheDir !== undefined ? { cacheDir: s.cacheDir } : {}) };
  const data = await prepareData({ dataDir: s.dataDir, valSplit: 0.1, seed: s.seed, includeTest: true, ...common });
  const sets = [{ name: 'validation', set: data.validation }];
  if (data.test !== undefined) sets.push({ name: 'test', set: data.test });
  return sets;
}

/** Evaluates a predictor on every evaluation set at the model's stored threshold; writes metrics.json. */
export async function evaluatePredictor(s: PipelineSettings, stageDir: string, name: string, predictor: Predictor, meta: ModelMetadata): Promise<EvaluateStageResult> {
  const splits: SplitEvaluation[] = [];
  for (const { name: split, set } of await evaluationSets(s, meta)) {
    const report = await evaluate({ model: predictor, set, threshold: meta.threshold, ...(meta.positiveClass !== null ? { positiveClass: meta.positiveClass } : {}) });
    splits.push(summarise(split, report, meta));
    s.logger.info(`[${name}] ${split}: accuracy ${(splits.at(-1)!.accuracy * 100).toFixed(2)}%, AUC ${splits.at(-1)!.auc.toFixed(4)} (${report.size} images)`);
  }
  const result = { model: name, splits };
  await writeFileAtomic(join(stageDir, 'metrics.json'), JSON.stringify(result, null, 2));
  return result;
}

/** Evaluates the trained FP32 LayersModel (OUT/train/best). */
export async function evaluateStage(s: PipelineSettings, stageDir: string, modelDir: string): Promise<EvaluateStageResult> {
  const meta = await readModelMetadata(modelDir);
  const model = await loadLayersModel(modelDir);
  try {
    return await evaluatePredictor(s, stageDir, 'evaluate', layersPredictor(model), meta);
  } finally {
    model.dispose();
  }
}
