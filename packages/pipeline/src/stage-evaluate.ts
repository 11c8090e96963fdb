import { join } from 'node:path';
import { writeFileAtomic, type LabeledImageSet, type ModelCard, type Predictor } from '@medimg/core';
import { prepareDataForCard } from '@medimg/dataset';
import { loadPredictor } from '@medimg/runtime';
import { binaryView, evaluate, rocCurve, type BinaryMetrics, type EvaluationReport } from '@medimg/train';
import type { PipelineSettings } from './settings';

/** Per-image metrics of one split (train's binary metrics), in the form the report and result files use. */
export interface SplitEvaluation extends Omit<BinaryMetrics, 'confusion'> {
  split: string;
  images: number;
  confusion: { labels: string[]; matrix: number[][] };
  /** ROC curve, thinned to at most ~200 points. */
  roc: { fpr: number; tpr: number }[];
}

export interface EvaluateStageResult {
  model: string;
  splits: SplitEvaluation[];
}

function summarise(split: string, report: EvaluationReport, threshold: number): SplitEvaluation {
  const b = report.binary;
  const positive = report.positiveClass ?? 1;
  const view = binaryView(report.probabilities, report.labels, report.classNames.length, positive);
  const roc = report.classNames.length === 2 ? rocCurve(view.p, view.y) : [];
  const step = Math.max(1, Math.ceil(roc.length / 200));
  return {
    split,
    images: report.size,
    accuracy: b?.accuracy ?? report.multiclass.accuracy,
    sensitivity: b?.sensitivity ?? NaN,
    specificity: b?.specificity ?? NaN,
    precision: b?.precision ?? NaN,
    f1: b?.f1 ?? NaN,
    auc: b?.auc ?? NaN,
    threshold,
    confusion: { labels: report.classNames, matrix: report.multiclass.confusion },
    roc: roc.filter((_, i) => i % step === 0 || i === roc.length - 1).map((p) => ({ fpr: p.fpr, tpr: p.tpr })),
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
    splits.push(summarise(split, report, meta.threshold));
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
