import { rocCurve } from '../roc';
import type { RocPoint } from '../types';

/**
 * The threshold that reproduces ROC point `index` on these predictions, placed in the gap below it: the midpoint
 * between its score and the next lower distinct score, so unseen images scoring in between fall on the side the
 * validation data supports. Point 0 (nothing positive) lies halfway between the top score and 1; the last point is
 * its own score (everything positive).
 */
export function thresholdAt(points: readonly RocPoint[], index: number): number {
  if (index <= 0) {
    const top = points[1]?.threshold;
    return top === undefined ? 0.5 : (top + 1) / 2;
  }
  const chosen = points[index] as RocPoint;
  const lower = points[index + 1];
  return lower === undefined ? chosen.threshold : (chosen.threshold + lower.threshold) / 2;
}

/**
 * Runs `pick` over the ROC curve (point 0 = threshold +Infinity) and turns its index into a threshold; 0.5 when a
 * class is absent (the rates are undefined) or `pick` returns -1.
 */
export function chooseOnRoc(probabilities: Float32Array, labels: Int32Array, pick: (points: RocPoint[], positives: number, negatives: number) => number): number {
  const points = rocCurve(probabilities, labels);
  let positives = 0;
  for (const l of labels) if (l === 1) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  const index = pick(points, positives, negatives);
  return index < 0 ? 0.5 : thresholdAt(points, index);
}
