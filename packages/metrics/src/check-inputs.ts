import { ValidationError } from '@medimg/core';

/** Throws unless there is one positive-class probability and one 0/1 label per image. */
export function checkBinaryInputs(where: string, probabilities: Float32Array, labels: Int32Array): void {
  if (probabilities.length !== labels.length) {
    throw new ValidationError(where, [`expected one positive-class probability per label; got ${probabilities.length} probabilities for ${labels.length} labels. Fix: pass probabilities[i] = p(positive) of image i`]);
  }
}

/** Throws unless probabilities are `labels.length x numClasses` and every label is in `[0, numClasses)`. */
export function checkClassInputs(where: string, probabilities: Float32Array, labels: Int32Array, numClasses: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(numClasses) || numClasses < 1) problems.push(`numClasses must be an integer >= 1; got ${numClasses}`);
  else if (probabilities.length !== labels.length * numClasses) problems.push(`expected ${labels.length} x ${numClasses} probabilities (row-major), got ${probabilities.length}`);
  for (let i = 0; i < labels.length && problems.length < 4; i++) {
    const l = labels[i] as number;
    if (l < 0 || l >= numClasses) problems.push(`label ${l} of image ${i} is outside [0, ${numClasses})`);
  }
  if (problems.length > 0) throw new ValidationError(where, problems);
}

/** Positive-class probabilities and 0/1 labels from row-major probabilities. */
export function binaryView(probabilities: Float32Array, labels: Int32Array, numClasses: number, positive: number): { p: Float32Array; y: Int32Array } {
  const p = new Float32Array(labels.length);
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    p[i] = probabilities[i * numClasses + positive] as number;
    y[i] = labels[i] === positive ? 1 : 0;
  }
  return { p, y };
}

/** The argmax of row `i` (first maximum wins ties). */
export function argmaxRow(probabilities: Float32Array, i: number, numClasses: number): number {
  let arg = 0;
  for (let c = 1; c < numClasses; c++) if ((probabilities[i * numClasses + c] as number) > (probabilities[i * numClasses + arg] as number)) arg = c;
  return arg;
}

/** Unweighted mean of the defined (non-NaN) values; NaN when none is. */
export function meanDefined(values: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

export const ratio = (a: number, b: number): number => (b === 0 ? NaN : a / b);

/**
 * The equal-width bin of [0, 1] holding probability `p` (the last bin includes 1). A float32 probability a hair
 * below an edge (0.9 is stored as 0.8999999762) counts as on it.
 */
export function binIndex(p: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(p * bins + 1e-6)));
}
