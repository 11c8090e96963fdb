import { ValidationError } from '@medimg/core';

/** Predictions of one set: row-major probabilities `[size * numClasses]` and a label per image. */
export interface Predictions {
  probabilities: Float32Array;
  labels: Int32Array;
}

/**
 * Several sets' predictions as one set, in the order given (e.g. validation and its shift-stress variants, so an
 * operating point or a temperature is fitted on all of them at once). Every part must have `numClasses` columns.
 */
export function poolPredictions(parts: readonly Predictions[], numClasses: number): Predictions {
  const problems: string[] = [];
  parts.forEach((p, i) => {
    if (p.probabilities.length !== p.labels.length * numClasses) problems.push(`part ${i} has ${p.probabilities.length} probabilities for ${p.labels.length} labels x ${numClasses} classes`);
  });
  if (problems.length > 0) throw new ValidationError('poolPredictions', problems);
  const size = parts.reduce((n, p) => n + p.labels.length, 0);
  const probabilities = new Float32Array(size * numClasses);
  const labels = new Int32Array(size);
  let at = 0;
  for (const p of parts) {
    probabilities.set(p.probabilities, at * numClasses);
    labels.set(p.labels, at);
    at += p.labels.length;
  }
  return { probabilities, labels };
}
