import { argmaxRow, binaryView, checkClassInputs, meanDefined, ratio } from './check-inputs';
import { rocAuc } from './roc';
import type { MulticlassMetrics } from './types';

/**
 * Multi-class metrics from row-major probabilities: argmax accuracy, confusion[true][predicted], per-class
 * precision/recall/F1, one-vs-rest ROC AUC per class, and their macro (unweighted) means over the defined classes.
 */
export function multiclassMetrics(probabilities: Float32Array, labels: Int32Array, numClasses: number): MulticlassMetrics {
  checkClassInputs('multiclassMetrics', probabilities, labels, numClasses);
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const arg = argmaxRow(probabilities, i, numClasses);
    const truth = labels[i] as number;
    const row = confusion[truth] as number[];
    row[arg] = (row[arg] as number) + 1;
    if (arg === truth) correct++;
  }
  const tpOf = (c: number): number => (confusion[c] as number[])[c] as number;
  const actual = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = confusion.map((_, c) => confusion.reduce((a, row) => a + (row[c] as number), 0));
  const recall = actual.map((n, c) => ratio(tpOf(c), n));
  const precision = predicted.map((n, c) => ratio(tpOf(c), n));
  const f1 = actual.map((n, c) => ratio(2 * tpOf(c), n + (predicted[c] as number)));
  const auc = confusion.map((_, c) => {
    const { p, y } = binaryView(probabilities, labels, numClasses, c);
    return rocAuc(p, y);
  });
  return {
    accuracy: ratio(correct, labels.length),
    confusion,
    recall,
    precision,
    f1,
    auc,
    macro: { precision: meanDefined(precision), recall: meanDefined(recall), f1: meanDefined(f1), auc: meanDefined(auc) },
  };
}
