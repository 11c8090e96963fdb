import { rocCurve } from './roc';

/**
 * The decision threshold maximising Youden's J = sensitivity + specificity - 1 on (validation) predictions.
 * Returned as the midpoint between the chosen score and the next lower distinct score, so that images scoring
 * between the two (unseen ones) fall on the side the validation data supports. Ties in J keep the higher threshold.
 * Returns 0.5 when a class is absent.
 */
export function chooseThreshold(probabilities: Float32Array, labels: Int32Array): number {
  const points = rocCurve(probabilities, labels);
  let best = -Infinity;
  let bestIndex = -1;
  points.forEach((p, i) => {
    if (i === 0) return;
    const j = p.tpr - p.fpr;
    if (j > best) {
      best = j;
      bestIndex = i;
    }
  });
  const chosen = points[bestIndex];
  if (chosen === undefined || Number.isNaN(best)) return 0.5;
  const lower = points[bestIndex + 1];
  return lower === undefined ? chosen.threshold : (chosen.threshold + lower.threshold) / 2;
}
