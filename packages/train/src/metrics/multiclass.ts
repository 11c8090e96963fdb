import type { MulticlassMetrics } from '../types';

/** Argmax accuracy, confusion[true][predicted], per-class recall and precision from row-major probabilities. */
export function multiclassMetrics(probabilities: Float32Array, labels: Int32Array, numClasses: number): MulticlassMetrics {
  if (probabilities.length !== labels.length * numClasses) {
    throw new RangeError(`Error in multiclassMetrics: expected ${labels.length} x ${numClasses} probabilities, got ${probabilities.length}.`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let arg = 0;
    for (let c = 1; c < numClasses; c++) if ((probabilities[i * numClasses + c] as number) > (probabilities[i * numClasses + arg] as number)) arg = c;
    const truth = labels[i] as number;
    if (truth < 0 || truth >= numClasses) throw new RangeError(`Error in multiclassMetrics: label ${truth} of image ${i} is outside [0, ${numClasses}).`);
    const row = confusion[truth] as number[];
    row[arg] = (row[arg] as number) + 1;
    if (arg === truth) correct++;
  }
  const recall = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n === 0 ? NaN : (row[c] as number) / n;
  });
  const precision = confusion.map((_, c) => {
    const n = confusion.reduce((a, row) => a + (row[c] as number), 0);
    return n === 0 ? NaN : ((confusion[c] as number[])[c] as number) / n;
  });
  return { accuracy: labels.length === 0 ? NaN : correct / labels.length, confusion, recall, precision };
}
