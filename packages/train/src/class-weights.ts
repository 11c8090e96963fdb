import { ValidationError } from '@medimg/core';

/**
 * Per-class loss weights, the one implementation in medimg: 'balanced' = n / (k * n_c) (scikit-learn's 'balanced';
 * a class with no images gets 0), 'none' = 1, or explicit numbers.
 */
export function resolveClassWeights(spec: 'balanced' | 'none' | number[], labels: Int32Array, numClasses: number): number[] {
  if (Array.isArray(spec)) {
    if (spec.length !== numClasses || spec.some((w) => !Number.isFinite(w) || w < 0)) {
      throw new ValidationError('train', [`classWeights must hold ${numClasses} non-negative numbers; got ${JSON.stringify(spec)}`]);
    }
    return [...spec];
  }
  if (spec === 'none') return new Array<number>(numClasses).fill(1);
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) {
    if (l < 0 || l >= numClasses) throw new ValidationError('classWeights', [`label ${l} is outside [0, ${numClasses - 1}]`]);
    counts[l] = (counts[l] ?? 0) + 1;
  }
  return counts.map((c) => (c === 0 ? 0 : labels.length / (numClasses * c)));
}
