import { OptionChecker, parseModelCard, ValidationError, type LabeledImageSet, type ModelCard } from '@medimg/core';
import { canonicalPolicyName, DEFAULT_THRESHOLD_POLICIES } from '@medimg/metrics';
import { fitOnThresholdSet, splitMetricsOf, VALIDATION_SET, type ThresholdSet, type ThresholdSetFit } from './threshold-set';
import { thresholdPolicyRecord } from './threshold-policy-record';
import { checkedPolicyName } from './checked-policy-name';
import type { Predictor } from './types';

/**
 * Options of `calibrateCard`. Defaults: policy = the card's decision policy when it is a registered one (else
 * `youden`); policies = the card's stored operating points plus DEFAULT_THRESHOLD_POLICIES; thresholdSet = plain
 * validation; batchSize 32.
 */
export interface CalibrateCardOptions {
  /** The trained model (any engine). */
  predictor: Predictor;
  /** Its model card (positive class, stored operating points). */
  card: ModelCard;
  /** The model's validation images as it sees them (its normalisation applied). */
  validation: LabeledImageSet;
  thresholdSet?: ThresholdSet;
  /** The decision's operating-point policy, e.g. `specificity:0.9`. */
  policy?: string;
  policies?: readonly string[];
  batchSize?: number;
}

export interface CalibrateCardResult {
  /** The card with the re-fitted threshold, operating points, temperature and metrics (validated). */
  card: ModelCard;
  fit: ThresholdSetFit;
  policy: string;
}

/** The card's decision policy if it is a registered policy (not `fixed`, `default`, `members-mean`), else youden. */
function storedPolicy(card: ModelCard): string {
  try {
    return canonicalPolicyName(card.thresholdPolicy.name);
  } catch {
    return 'youden';
  }
}

/**
 * Re-fits a trained two-class model's operating points on validation or on validation pooled with other sets (its
 * shift-stress variants) without retraining: every policy's threshold, the decision threshold (`policy`), the
 * temperature, and the metrics at the decision threshold (`metrics.validation`, and `metrics[thresholdSet.name]`
 * for a pooled set). Returns the new card; writing it is the caller's (`writeCard` of @medimg/runtime).
 */
export async function calibrateCard(options: CalibrateCardOptions): Promise<CalibrateCardResult> {
  const v = new OptionChecker('calibrate');
  const { card } = options;
  v.check(card.classNames.length === 2 && card.positiveClass !== null, `operating points need a two-class model with a positive class; this one has classes ${card.classNames.join(', ')} and positiveClass ${String(card.positiveClass)}`);
  v.check(options.validation.size > 0, 'validation must hold at least one image');
  v.check(options.validation.classNames.join(',') === card.classNames.join(','), `validation has classes ${options.validation.classNames.join(', ')} but the model ${card.classNames.join(', ')}`);
  v.int('batchSize', options.batchSize ?? 32, 1);
  const policy = checkedPolicyName(v, 'policy', options.policy ?? storedPolicy(card));
  const others = (options.policies ?? [...Object.keys(card.operatingPoints ?? {}), ...DEFAULT_THRESHOLD_POLICIES]).map((p) => checkedPolicyName(v, 'policy', p));
  v.done();
  const thresholdSet = options.thresholdSet ?? VALIDATION_SET;
  const policies = [...new Set([policy, ...others])];
  const fit = await fitOnThresholdSet({ predictor: options.predictor, validation: options.validation, thresholdSet, positiveClass: card.positiveClass, batchSize: options.batchSize ?? 32, policies });
  if (fit.points === undefined || fit.validationMetrics === undefined || fit.pooledMetrics === undefined) {
    throw new ValidationError('calibrate', ['the validation images hold one class only. Fix: calibrate on a validation split with both classes']);
  }
  // Metrics of a set the previous threshold was fitted on (e.g. `stress`) are stale at the new threshold.
  const metrics = { ...(card.metrics ?? {}) };
  const previousOn = card.thresholdPolicy.on;
  if (previousOn !== undefined && previousOn !== 'validation') delete metrics[previousOn];
  metrics['validation'] = { ...splitMetricsOf(fit.validationMetrics, fit.validation.size), loss: fit.validation.loss };
  if (thresholdSet.sets.length > 0) metrics[thresholdSet.name] = splitMetricsOf(fit.pooledMetrics, fit.images);
  const next: ModelCard = {
    ...card,
    threshold: fit.validationMetrics.threshold,
    thresholdPolicy: thresholdPolicyRecord(policy, thresholdSet, fit.images, 'calibrate'),
    operatingPoints: Object.fromEntries(fit.points.map((o) => [o.policy, o.threshold])),
    calibration: { ...(card.calibration ?? {}), temperature: fit.temperature, method: 'temperature-scaling', on: thresholdSet.name },
    metrics,
  };
  return { card: parseModelCard(next, 'calibrate'), fit, policy };
}
