import type { LabeledImageSet, SplitMetrics } from '@medimg/core';
import { binaryView, computeMetrics, fitOperatingPoints, fitTemperature, poolPredictions, type BinaryMetrics, type OperatingPoint } from '@medimg/metrics';
import { evaluate } from './evaluate';
import type { SuiteSet } from './evaluate-suite';
import type { EvaluationReport, Predictor } from './types';

/**
 * The set operating points and the calibration temperature are fitted on. `validation` alone (no `sets`), or
 * validation pooled with `sets`: e.g. `{ name: 'stress', sets: stressSuite(rawValidation, ...) }` (@medimg/dataset),
 * the same images under controlled acquisition changes, so that `specificity:0.9` holds under shift too.
 */
export interface ThresholdSet {
  /** Recorded in the model card as `thresholdPolicy.on` and as the key of the pooled metrics (`metrics[name]`). */
  name: string;
  /** Sets pooled with validation (same classes, any size). */
  sets: readonly SuiteSet[];
  /** What the sets are, recorded in the card (`thresholdPolicy.stress`). */
  stress?: { perturbations: string[]; severity: number; seed: number };
}

/** Plain validation: what `train` and `calibrate` fit on by default. */
export const VALIDATION_SET: ThresholdSet = { name: 'validation', sets: [] };

/** What `fitOnThresholdSet` found. */
export interface ThresholdSetFit {
  /** The report on plain validation (threshold 0.5). */
  validation: EvaluationReport;
  /** Reports of `thresholdSet.sets`, in order. */
  extra: EvaluationReport[];
  /** Images fitted on: validation plus every pooled set. */
  images: number;
  /** The temperature minimising the NLL on the pooled predictions. */
  temperature: number;
  /** Binary only: each policy's threshold on the pooled predictions, the first (the decision's) first. */
  points?: OperatingPoint[];
  /** Binary only: plain validation at the decision threshold. */
  validationMetrics?: BinaryMetrics;
  /** Binary only: the pooled predictions at the decision threshold (equal to validationMetrics without pooled sets). */
  pooledMetrics?: BinaryMetrics;
}

/** A BinaryMetrics as a model card's SplitMetrics. */
export function splitMetricsOf(m: BinaryMetrics, images: number): SplitMetrics {
  return { images, accuracy: m.accuracy, sensitivity: m.sensitivity, specificity: m.specificity, auc: Number.isNaN(m.auc) ? null : m.auc, threshold: m.threshold };
}

/**
 * Predicts validation and the pooled sets, then fits on all of them together: the temperature (temperature
 * scaling, @medimg/metrics) and, for two classes, every policy's threshold (`policies`, the decision's first).
 * Reports plain validation and the pooled set at the decision threshold.
 */
export async function fitOnThresholdSet(o: {
  predictor: Predictor; validation: LabeledImageSet; thresholdSet?: ThresholdSet; positiveClass: number | null; batchSize: number; policies: readonly string[];
}): Promise<ThresholdSetFit> {
  const predictor: Predictor = { numClasses: o.predictor.numClasses, predict: (b) => o.predictor.predict(b), dispose: () => undefined };
  const common = { model: predictor, batchSize: o.batchSize, ...(o.positiveClass === null ? {} : { positiveClass: o.positiveClass }) };
  const validation = await evaluate({ ...common, set: o.validation });
  const extra: EvaluationReport[] = [];
  for (const { set } of o.thresholdSet?.sets ?? []) extra.push(await evaluate({ ...common, set }));
  const k = predictor.numClasses;
  const pooled = poolPredictions([validation, ...extra], k);
  const temperature = fitTemperature(pooled.probabilities, pooled.labels, k);
  const images = pooled.labels.length;
  if (o.positiveClass === null || validation.binary === undefined) return { validation, extra, images, temperature };
  const { p, y } = binaryView(pooled.probabilities, pooled.labels, k, o.positiveClass);
  const points = fitOperatingPoints(p, y, o.policies);
  const decision = points[0];
  if (decision === undefined) throw new RangeError('Error in fitOnThresholdSet: no threshold policy given.');
  const plain = binaryView(validation.probabilities, validation.labels, k, o.positiveClass);
  const validationMetrics = computeMetrics(plain.p, plain.y, decision.threshold);
  return { validation, extra, images, temperature, points, validationMetrics, pooledMetrics: decision.metrics };
}
