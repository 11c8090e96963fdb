import { computeMetrics } from '../binary-metrics';
import { rocAuc } from '../roc';
import type { OperatingPoint } from '../types';
import { thresholdPolicy } from './registry';

/** The policies medimg fits on validation by default: Youden's J, sensitivity 95%, specificity 90%, cost 5:1. */
export const DEFAULT_THRESHOLD_POLICIES: readonly string[] = ['youden', 'sensitivity:0.95', 'specificity:0.9', 'cost:5'];

/** The threshold policy `policy` (default `youden`) picks on these (validation) positive-class predictions. */
export function chooseThreshold(probabilities: Float32Array, labels: Int32Array, policy = 'youden'): number {
  return thresholdPolicy(policy).choose(probabilities, labels);
}

/** The canonical name of a policy (`specificity:0.90` -> `specificity:0.9`); throws on an unknown one. */
export function canonicalPolicyName(policy: string): string {
  return thresholdPolicy(policy).name;
}

/** Each policy's threshold on (validation) predictions, with the binary metrics it gives on them. */
export function fitOperatingPoints(probabilities: Float32Array, labels: Int32Array, policies: readonly string[] = DEFAULT_THRESHOLD_POLICIES): OperatingPoint[] {
  const auc = rocAuc(probabilities, labels);
  return policies.map((name) => {
    const policy = thresholdPolicy(name);
    const threshold = policy.choose(probabilities, labels);
    return { policy: policy.name, threshold, metrics: computeMetrics(probabilities, labels, threshold, auc) };
  });
}

/** The metrics of other predictions (a test set) at already-fitted thresholds, `{ policy: threshold }`. */
export function metricsAtThresholds(probabilities: Float32Array, labels: Int32Array, thresholds: Readonly<Record<string, number>>): OperatingPoint[] {
  const auc = rocAuc(probabilities, labels);
  return Object.entries(thresholds).map(([policy, threshold]) => ({ policy, threshold, metrics: computeMetrics(probabilities, labels, threshold, auc) }));
}
