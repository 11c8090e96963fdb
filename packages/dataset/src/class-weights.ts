import { ValidationError } from '@medimg/core';

/** Balanced class weights n / (k * count_c) (scikit-learn's 'balanced'); a class with no images gets 0. */
export function classWeights(labels: Int32Array, numClasses: number): number[] {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValidationError('classWeights', [`numClasses must be an integer >= 1; got ${numClasses}`]);
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) {
    if (l < 0 || l >= numClasses) throw new ValidationError('classWeights', [`label ${l} is outside [0, ${numClasses - 1}]`]);
    counts[l] = (counts[l] ?? 0) + 1;
  }
  return counts.map((c) => (c === 0 ? 0 : labels.length / (numClasses * c)));
}
