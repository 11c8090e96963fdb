import type { LabeledImageSet, Logger } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';

/** Calibration methods registered by name (see `registerCalibrator`). */
export type CalibrationMethod = 'minmax' | 'percentile' | 'entropy';
/** The metric that ranks candidates when none passes the guard (the guard itself checks accuracy, sensitivity, specificity and AUC). */
export type QuantizeMetric = 'accuracy' | 'auc';
/** Integer type of quantized activations. */
export type ActivationType = 'uint8' | 'int8';

/** Progress of a long phase: calibration passes, evaluations, sensitivity runs. */
export interface QuantizeProgress {
  phase: 'calibrate' | 'histogram' | 'evaluate' | 'sensitivity';
  done: number;
  total: number;
}

/**
 * Options of `quantize`. Defaults:
 * calibrationSize 100 (the reference kit's tool), method 'minmax' (onnxruntime's and Intel Neural Compressor's
 * default; 'entropy' is TensorRT-style KL on 2048-bin histograms), percentile 99.99, activations 'uint8'
 * (asymmetric; 'int8' is symmetric with zero point 0), metric 'accuracy', tolerance 0.01 (relative: at the model
 * card's threshold, each of INT8 accuracy, sensitivity, specificity and AUC must be >= (1 - tolerance) x FP32's;
 * more than two classes: argmax accuracy), maxTrials 20 (each trial is one full validation run of a
 * candidate INT8 model; the first is the fully quantized one), sensitivitySize 64, batchSize 8, seed 42.
 */
export interface QuantizeOptions {
  /** FP32 ONNX model: a decoded model, its bytes or a file path. */
  model: OnnxModel | Uint8Array | string;
  /** Images from the TRAINING split (never the evaluation split); the first `calibrationSize` after a seeded shuffle are used. */
  calibration: LabeledImageSet;
  /** Validation images for the accuracy guard. */
  validation: LabeledImageSet;
  calibrationSize?: number;
  method?: CalibrationMethod | string;
  /** Percentile (in %) of the 'percentile' method. */
  percentile?: number;
  activations?: ActivationType;
  metric?: QuantizeMetric;
  tolerance?: number;
  maxTrials?: number;
  /** Validation images used to rank layer sensitivity (output drift), when fallback is needed. */
  sensitivitySize?: number;
  /** Images per onnxruntime run during calibration and evaluation. */
  batchSize?: number;
  /** Node names kept in FP32 from the start. */
  excludeNodes?: string[];
  seed?: number;
  logger?: Logger;
  onProgress?: (progress: QuantizeProgress) => void;
}

/** Validation scores of one model, as it is used: binary models at the model card's threshold, others by argmax. */
export interface ModelScores {
  accuracy: number;
  /** Recall of the positive class at `threshold` (binary models), else null. */
  sensitivity: number | null;
  /** Recall of the negative class at `threshold` (binary models), else null. */
  specificity: number | null;
  /** Area under the ROC curve of the positive class (binary models with both classes present), else null. */
  auc: number | null;
  /** The decision threshold on the positive-class probability (binary models), else null. */
  threshold: number | null;
}

/** A metric the accuracy guard compares. */
export type GuardMetric = 'accuracy' | 'sensitivity' | 'specificity' | 'auc';

/** One comparison of the accuracy guard: INT8 must reach `goal` = (1 - tolerance) x FP32. */
export interface GuardCheck {
  metric: GuardMetric;
  fp32: number;
  int8: number;
  goal: number;
  met: boolean;
}

/** One row of the Mixed Precision Statistics: nodes of an op type and how many run in INT8. */
export interface OpTypeStats {
  opType: string;
  total: number;
  int8: number;
}

/** A node left in FP32 by the accuracy guard. */
export interface FallbackLayer {
  node: string;
  opType: string;
  reason: string;
  /** Drop of the output drift (mean |p_int8 - p_fp32|) when this node alone stays FP32; larger = more sensitive. */
  sensitivity: number;
}

/** One evaluated candidate of the accuracy-aware tuning. */
export interface TrialRecord {
  trial: number;
  /** Nodes in FP32 in this candidate (besides `excludeNodes`). */
  fallback: string[];
  scores: ModelScores;
  met: boolean;
}

export interface QuantizationReport {
  format: 'medimg-quantization-report@1';
  /** Per op type of the (pre-processed) FP32 graph: total nodes and nodes in INT8. */
  opTypes: OpTypeStats[];
  /** Graph rewrites before quantization (MatMul + bias Add fused into Gemm). */
  preprocess: { fusedMatMulAdd: number };
  sizes: { fp32Bytes: number; int8Bytes: number; fp32WeightBytes: number; int8WeightBytes: number };
  fp32: ModelScores;
  int8: ModelScores;
  metric: QuantizeMetric;
  tolerance: number;
  /** The value the INT8 `metric` had to reach: (1 - tolerance) * FP32 metric. */
  goal: number;
  /** Every guarded metric of the chosen INT8 model against FP32 (at the card's threshold). */
  guard: GuardCheck[];
  /** Whether every guarded metric met its goal. */
  met: boolean;
  fallbackLayers: FallbackLayer[];
  calibration: { method: string; images: number; seconds: number; percentile?: number; activations: ActivationType };
  validation: { images: number };
  /** The train/validation split calibration and guard used (quantizeFile: from the model card unless it has none). */
  split?: { source: 'model card' | 'options'; seed: number; valSplit: number; grouping: 'patient' | 'file'; validationFiles: number; validationDigest: string };
  /** Number of evaluated candidates, and each of them. */
  trials: number;
  trialLog: TrialRecord[];
}

export interface QuantizeResult {
  model: OnnxModel;
  bytes: Uint8Array;
  report: QuantizationReport;
}

/** Running statistics of one tensor over the calibration images. */
export interface TensorStats {
  min: number;
  max: number;
  /** Values seen. */
  count: number;
  /** Histogram over [-absMax, absMax] (even number of equal bins, centred on 0), when the calibrator asked for it. */
  histogram?: { counts: Float64Array; absMax: number };
}

/** A float range an activation is quantized to. */
export interface TensorRange {
  min: number;
  max: number;
}

export interface CalibratorContext {
  /** Percentile in % ('percentile' method). */
  percentile: number;
  /** Symmetric (int8) activations. */
  symmetric: boolean;
}

/** Turns the statistics of a tensor into its quantization range. Register with `registerCalibrator`. */
export interface Calibrator {
  /** Whether `computeRange` needs `TensorStats.histogram` (costs a second calibration pass). */
  readonly needsHistogram: boolean;
  computeRange(stats: TensorStats, context: CalibratorContext): TensorRange;
}

/** Options of `quantizeFile`: the same knobs as `quantize`, with files instead of objects. */
export interface QuantizeFileOptions extends Omit<QuantizeOptions, 'model' | 'calibration' | 'validation'> {
  /** FP32 ONNX model file. */
  modelFile: string;
  /** Image folder (`ROOT/{train,test,val}/{CLASS}` or `ROOT/{CLASS}`); calibration and validation come from its train split. */
  dataDir: string;
  /** INT8 ONNX file to write; the report JSON goes beside it (`<out>.report.json`... see `reportFileFor`). */
  outFile: string;
  /**
   * Fraction of the train split held out for validation. Default: the model card's split (seed and val-split as
   * trained); a different value (or `seed`) than the card's is refused, naming both.
   */
  valSplit?: number;
  /** Image cache folder of @medimg/dataset. */
  cacheDir?: string;
}
