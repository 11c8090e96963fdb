import type { ModelScores } from './types';

/** Share of rows whose argmax is the label. */
export function accuracy(probabilities: Float32Array, labels: Int32Array, classes: number): number {
  if (labels.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probabilities[i * classes + c] ?? 0) > (probabilities[i * classes + best] ?? 0)) best = c;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

/** ROC AUC of `scores` for `positive` labels (Mann-Whitney U, ties count half); null when a class is missing. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let nPos = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) nPos++;
  const nNeg = positive.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (positive[idx[k] as number]) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Accuracy and (binary models) AUC of the positive class. */
export function scoreModel(probabilities: Float32Array, labels: Int32Array, classes: number, positiveClass: number): ModelScores {
  const acc = accuracy(probabilities, labels, classes);
  if (classes !== 2) return { accuracy: acc, auc: null };
  const scores = Array.from(labels, (_, i) => probabilities[i * classes + positiveClass] ?? 0);
  return { accuracy: acc, auc: rocAuc(scores, Array.from(labels, (l) => l === positiveClass)) };
}

/** Mean absolute difference of two probability arrays (output drift). */
export function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return a.length === 0 ? 0 : s / a.length;
}
