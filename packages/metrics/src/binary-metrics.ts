import { checkBinaryInputs, ratio } from './check-inputs';
import { rocAuc } from './roc';
import type { BinaryMetrics } from './types';

/**
 * Per-image binary metrics: an image is predicted positive when its positive-class probability >= threshold.
 * `labels` are 1 for the positive class, 0 otherwise. `auc` may be passed when already known (it does not depend on
 * the threshold).
 */
export function computeMetrics(probabilities: Float32Array, labels: Int32Array, threshold: number, auc = rocAuc(probabilities, labels)): BinaryMetrics {
  checkBinaryInputs('computeMetrics', probabilities, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const positive = (probabilities[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  const sensitivity = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  return {
    accuracy: ratio(tp + tn, labels.length),
    sensitivity,
    specificity: ratio(tn, tn + fp),
    precision,
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    auc,
    threshold,
    confusion: { tp, fp, tn, fn },
  };
}
