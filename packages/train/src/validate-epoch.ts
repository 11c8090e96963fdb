import type { LabeledImageSet, SplitMetrics } from '@medimg/core';
import type { BinaryMetrics } from '@medimg/metrics';
import { fitOnThresholdSet, splitMetricsOf, type ThresholdSet } from './threshold-set';
import type { EpochRecord, Predictor } from './types';

export interface EpochValidation {
  val: NonNullable<EpochRecord['val']>;
  /** The decision threshold: the one `thresholdPolicy` picked (0.5 for more than two classes). */
  threshold: number;
  /** Each policy's threshold on the threshold set, by canonical name (binary only). */
  operatingPoints?: Record<string, number>;
  /** Temperature that minimises the NLL on the threshold set (temperature scaling). */
  temperature: number;
  binary?: BinaryMetrics;
  /** Images the thresholds and temperature were fitted on. */
  images: number;
  /** With pooled sets (binary only): the pooled set at the decision threshold. */
  pooled?: SplitMetrics;
}

/**
 * Evaluates on validation and fits what the saved model card carries: every operating-point policy's threshold
 * (`policies`, the first being the decision's) and the calibration temperature, on validation or on validation
 * pooled with `thresholdSet.sets`; reports plain validation at the decision threshold (the monitored metrics stay
 * on plain validation). For more than two classes `auc` is the macro one-vs-rest AUC.
 */
export async function validateEpoch(predictor: Predictor, set: LabeledImageSet, positiveClass: number | null, batchSize: number, policies: readonly string[], thresholdSet?: ThresholdSet): Promise<EpochValidation> {
  const fit = await fitOnThresholdSet({ predictor, validation: set, positiveClass, batchSize, policies, ...(thresholdSet !== undefined ? { thresholdSet } : {}) });
  const report = fit.validation;
  const { temperature, images } = fit;
  if (fit.points === undefined || fit.validationMetrics === undefined || fit.pooledMetrics === undefined) {
    const macroAuc = report.multiclass.macro.auc;
    return { val: { loss: report.loss, accuracy: report.accuracy, ...(Number.isNaN(macroAuc) ? {} : { auc: macroAuc }) }, threshold: 0.5, temperature, images };
  }
  const binary = fit.validationMetrics;
  const threshold = binary.threshold;
  return {
    val: { loss: report.loss, accuracy: binary.accuracy, auc: binary.auc, sensitivity: binary.sensitivity, specificity: binary.specificity, threshold },
    threshold,
    operatingPoints: Object.fromEntries(fit.points.map((o) => [o.policy, o.threshold])),
    temperature,
    binary,
    images,
    ...(fit.extra.length > 0 ? { pooled: splitMetricsOf(fit.pooledMetrics, images) } : {}),
  };
}
