/**
 * Contracts of @medimg/metrics. Conventions shared by every function:
 * - probabilities are row-major `[size * numClasses]`; labels are class indices in `[0, numClasses)`;
 * - binary functions take positive-class probabilities and 0/1 labels (1 = positive);
 * - an undefined ratio (0/0, or an AUC with one class absent) is `NaN` in memory; `JSON.stringify` writes it as
 *   `null`, which is the JSON convention for "undefined" in every medimg report.
 */

/** Confusion counts with the positive class as "positive". */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Binary metrics, per image, at `threshold` (positive when probability >= threshold). */
export interface BinaryMetrics {
  accuracy: number;
  /** Recall of the positive class, tp / (tp + fn). */
  sensitivity: number;
  /** Recall of the negative class, tn / (tn + fp). */
  specificity: number;
  /** tp / (tp + fp). */
  precision: number;
  f1: number;
  /** ROC AUC (ties count one half); NaN when one class is absent. */
  auc: number;
  threshold: number;
  confusion: Confusion;
}

/** One ROC point: the rates when predicting positive for probability >= threshold. */
export interface RocPoint {
  threshold: number;
  tpr: number;
  fpr: number;
}

/** Metrics for any number of classes (argmax decision; one-vs-rest AUC from the probabilities). */
export interface MulticlassMetrics {
  /** Argmax accuracy. */
  accuracy: number;
  /** confusion[true][predicted]. */
  confusion: number[][];
  /** Recall per class (NaN for an absent class). */
  recall: number[];
  /** Precision per class (NaN when never predicted). */
  precision: number[];
  /** F1 per class, 2 tp / (2 tp + fp + fn) (NaN when the class is neither present nor predicted). */
  f1: number[];
  /** One-vs-rest ROC AUC of each class's probability (NaN when the class is absent or alone). */
  auc: number[];
  /** Unweighted means over the classes where the value is defined (NaN when none is). */
  macro: { precision: number; recall: number; f1: number; auc: number };
}

/** Everything `classificationReport` computes for one set of predictions. */
export interface ClassificationReport {
  size: number;
  numClasses: number;
  /** The decision's accuracy: at `binary.threshold` for two classes with a positive class, argmax otherwise. */
  accuracy: number;
  /** Argmax accuracy (equals `accuracy` for more than two classes). */
  argmaxAccuracy: number;
  /** Mean negative log-likelihood of the true class (probabilities clamped at 1e-7). */
  loss: number;
  multiclass: MulticlassMetrics;
  /** Null unless two classes. */
  positiveClass: number | null;
  /** Two classes: the positive class's metrics at the threshold. */
  binary?: BinaryMetrics;
}

/** A two-sided confidence interval. */
export interface Interval {
  lo: number;
  hi: number;
}

/** Percentile-bootstrap intervals of named statistics. */
export interface BootstrapResult {
  /** Confidence level, e.g. 0.95. */
  level: number;
  resamples: number;
  seed: number;
  /** Per statistic: the interval over the resamples where it was defined (NaN bounds when it never was). */
  intervals: Record<string, Interval>;
  /** Per statistic: resamples where it was undefined (NaN), e.g. an AUC on a resample with one class. */
  undefinedResamples: Record<string, number>;
}

/** Options of the bootstrap. Defaults: resamples 1000, seed 0, level 0.95. */
export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

/** One bin of a reliability diagram (top-label confidence). */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean top-label probability of the images in the bin (NaN when empty). */
  confidence: number;
  /** Share of those images whose argmax is right (NaN when empty). */
  accuracy: number;
}

export interface CalibrationReport {
  /** Expected calibration error: sum over bins of (count / n) * |accuracy - confidence|. */
  ece: number;
  /** Largest |accuracy - confidence| over non-empty bins. */
  mce: number;
  bins: ReliabilityBin[];
}

/** Per true class, how the score class's probability is distributed over equal-width bins of [0, 1]. */
export interface ProbabilityHistograms {
  /** Bin edges, bins + 1 values from 0 to 1 (the last bin includes 1). */
  edges: number[];
  /** The class whose probability is binned, or 'own' when each true class's own probability is. */
  scoreClass: number | 'own';
  /** counts[trueClass][bin]. */
  counts: number[][];
}

/** A named rule that picks a decision threshold from validation predictions. */
export interface ThresholdPolicy {
  /** Canonical name, e.g. `youden`, `sensitivity:0.95`, `specificity:0.9`, `cost:5`. */
  readonly name: string;
  /** The threshold on the positive-class probability for these (validation) predictions. */
  choose(probabilities: Float32Array, labels: Int32Array): number;
}

/** A policy's threshold and the metrics it gives. */
export interface OperatingPoint {
  policy: string;
  threshold: number;
  metrics: BinaryMetrics;
}
