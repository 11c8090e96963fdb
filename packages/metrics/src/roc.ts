import { checkBinaryInputs as checkInputs } from './check-inputs';
import type { RocPoint } from './types';

/**
 * ROC curve: one point per distinct score (predict positive when probability >= threshold), from the
 * strictest (threshold +Infinity: tpr = fpr = 0) to the loosest (tpr = fpr = 1). Labels are 1 = positive.
 */
export function rocCurve(probabilities: Float32Array, labels: Int32Array): RocPoint[] {
  checkInputs('rocCurve', probabilities, labels);
  const order = Array.from(probabilities.keys()).sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number));
  let positives = 0;
  for (const l of labels) if (l === 1) positives++;
  const negatives = labels.length - positives;
  const points: RocPoint[] = [{ threshold: Infinity, tpr: 0, fpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || probabilities[next] !== probabilities[i]) {
      points.push({ threshold: probabilities[i] as number, tpr: positives > 0 ? tp / positives : NaN, fpr: negatives > 0 ? fp / negatives : NaN });
    }
  }
  return points;
}

/**
 * Area under the ROC curve (Mann-Whitney U; tied scores count one half). NaN when a class is absent (the one rule
 * for an undefined metric in medimg: NaN in memory, null in JSON).
 */
export function rocAuc(probabilities: Float32Array, labels: Int32Array): number {
  checkInputs('rocAuc', probabilities, labels);
  const order = Array.from(probabilities.keys()).sort((a, b) => (probabilities[a] as number) - (probabilities[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && probabilities[order[end + 1] as number] === probabilities[order[k] as number]) end++;
    const midRank = (k + end) / 2 + 1;
    for (let j = k; j <= end; j++) {
      if (labels[order[j] as number] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    k = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
