import type { ImageBatch, LabeledImageSet } from '@medimg/core';
import { binaryView, fitOperatingPoints, fitTemperature, type BinaryMetrics } from '@medimg/metrics';
import { evaluate } from './evaluate';
import type { EpochRecord, Predictor } from './types';

export interface EpochValidation {
  val: NonNullable<EpochRecord['val']>;
  /** The decision threshold: the one `thresholdPolicy` picked (0.5 for more than two classes). */
  threshold: number;
  /** Each policy's threshold on this validation set, by canonical name (binary only). */
  operatingPoints?: Record<string, number>;
  /** Temperature that minimises the validation NLL (temperature scaling). */
  temperature: number;
  binary?: BinaryMetrics;
}

/**
 * Evaluates on validation and fits there what the saved model card carries: every operating-point policy's threshold
 * (`policies`, the first being the decision's) and the calibration temperature; reports the metrics at the decision
 * threshold. For more than two classes `auc` is the macro one-vs-rest AUC.
 */
export async function validateEpoch(predictor: Predictor, set: LabeledImageSet, positiveClass: number | null, batchSize: number, policies: readonly string[]): Promise<EpochValidation> {
  const report = await evaluate({ model: { numClasses: predictor.numClasses, predict: (b: ImageBatch) => predictor.predict(b), dispose: () => undefined }, set, batchSize, ...(positiveClass === null ? {} : { positiveClass }) });
  const temperature = fitTemperature(report.probabilities, report.labels, predictor.numClasses);
  if (positiveClass === null || report.binary === undefined) {
    const macroAuc = report.multiclass.macro.auc;
    return { val: { loss: report.loss, accuracy: report.accuracy, ...(Number.isNaN(macroAuc) ? {} : { auc: macroAuc }) }, threshold: 0.5, temperature };
  }
  const { p, y } = binaryView(report.probabilities, report.labels, predictor.numClasses, positiveClass);
  const points = fitOperatingPoints(p, y, policies);
  const decision = points[0];
  if (decision === undefined) throw new RangeError('Error in validateEpoch: no threshold policy given.');
  const binary = decision.metrics;
  return {
    val: { loss: report.loss, accuracy: binary.accuracy, auc: binary.auc, sensitivity: binary.sensitivity, specificity: binary.specificity, threshold: decision.threshold },
    threshold: decision.threshold,
    operatingPoints: Object.fromEntries(points.map((o) => [o.policy, o.threshold])),
    temperature,
    binary,
  };
}
