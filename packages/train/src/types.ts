import type * as tf from '@tensorflow/tfjs';
import type { BatchTransform, LabeledImageSet, Logger, Predictor as CorePredictor, Preprocessing, SplitManifest } from '@medimg/core';
import type { ClassificationReport } from '@medimg/metrics';
import type { ThresholdSet } from './threshold-set';

/** What evaluation needs of core's `Predictor` (any engine; `@medimg/runtime` loads one from a path). */
export type Predictor = Pick<CorePredictor, 'predict' | 'numClasses' | 'dispose'>;

/**
 * `classificationReport` of a model on a set (one `accuracy`: at the threshold for two classes, argmax otherwise;
 * `argmaxAccuracy` beside it), with the class names and the per-image predictions it was computed from.
 */
export interface EvaluationReport extends ClassificationReport {
  classNames: string[];
  /** Per-image probabilities, row-major [size * numClasses], in set order. */
  probabilities: Float32Array;
  labels: Int32Array;
}

export interface EvaluateOptions {
  model: Predictor | tf.LayersModel;
  set: LabeledImageSet;
  /** Decision threshold on the positive-class probability. Default 0.5. */
  threshold?: number;
  /** Positive class for binary metrics. Default: the class named PNEUMONIA if present, else 1. */
  positiveClass?: number;
  /** Default 32. */
  batchSize?: number;
  /**
   * Test-time augmentation: the probabilities are the mean over these deterministic views of each image (e.g.
   * `ttaViews(K)` of @medimg/dataset). Default: none (the images as they are).
   */
  tta?: readonly BatchTransform[];
}

/** Per-batch progress (also what a TTY progress line shows). */
export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Training images per second over this epoch so far. */
  imagesPerSecond: number;
  /** Estimated seconds until the run's last epoch ends. */
  etaSeconds: number;
}

/** One line of OUT/train-log.jsonl. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  lr: number;
  seconds: number;
  imagesPerSecond: number;
  /** Seconds of `seconds` spent waiting for batches (decoding, augmentation, batching) rather than training. */
  dataSeconds?: number;
  /** Seconds spent recomputing the batch-norm statistics of the weight average after the epoch (swaStart). */
  statsSeconds?: number;
  warmup: boolean;
  backend: string;
  /** Training engine that ran the epoch ('tfjs', 'onnxruntime'). */
  engine: string;
  microBatchSize: number;
  val?: {
    loss: number;
    accuracy: number;
    auc?: number;
    sensitivity?: number;
    specificity?: number;
    /** The decision threshold (`thresholdPolicy`, default Youden's J) chosen on this epoch's validation predictions. */
    threshold?: number;
  };
  improved: boolean;
}

export interface TrainCallbacks {
  onBatchEnd?: (progress: BatchProgress) => void;
  onEpochEnd?: (record: EpochRecord) => void;
  /** Coarse progress (e.g. "validating"), throttled by the caller. */
  onProgress?: (progress: BatchProgress & { phase: 'train' | 'validate' }) => void;
}

/**
 * Options of `train` (check them before loading data with `validateTrainSettings`). Defaults: architecture `compact-cnn`, epochs 20, batchSize 32, lr 1e-3, seed 0,
 * classWeights 'balanced', schedule 'plateau' (x0.5 after 2 epochs without improvement, min 1e-6),
 * earlyStoppingPatience 5 (0 = off), monitor 'val_auc' (validation ROC AUC; macro one-vs-rest AUC for more than two classes), warmupEpochs 0, microBatchSize 'auto',
 * resume false, positiveClass: PNEUMONIA if present else 1 (binary only), thresholdPolicy 'youden', engine 'tfjs', threads: every core,
 * labelSmoothing 0, mixup 0 (off), ema 0 (off), swaStart 0 (off), init none, logger silent.
 */
export interface TrainOptions {
  train: LabeledImageSet;
  /** Used for the LR schedule, early stopping, the best checkpoint and the decision threshold. */
  validation?: LabeledImageSet;
  /** Class names in output order; default train.classNames. */
  classNames?: readonly string[];
  /** Registered architecture name (see @medimg/model listArchitectures()). */
  architecture?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Output directory: best/, last/, train-log.jsonl, checkpoint/, result.json, data-report.json. */
  outDir: string;
  /** Continue from OUT/checkpoint (error if missing). Without it, an existing checkpoint is an error too. */
  resume?: boolean;
  seed?: number;
  /** 'balanced' = n / (k * n_c); a number per class; or 'none'. */
  classWeights?: 'balanced' | 'none' | number[];
  schedule?: 'plateau' | 'cosine' | 'none';
  /** Epochs without improvement of `monitor` before stopping; 0 disables. */
  earlyStoppingPatience?: number;
  monitor?: 'val_loss' | 'val_auc' | 'val_accuracy';
  /** Applied to each training batch with the epoch number (seeded augmentation). */
  augment?: BatchTransform;
  /** First N epochs are timed separately (reference-kit semantics); they train normally. */
  warmupEpochs?: number;
  /**
   * Training engine: 'tfjs' (the active tfjs backend), 'onnxruntime' (onnxruntime-node, multi-threaded), 'auto' (the
   * fastest that loads and can train the architecture: onnxruntime, else tfjs) or any registerEngine name.
   */
  engine?: string;
  /** Intra-op threads of the onnxruntime engine. */
  threads?: number;
  /** Images per forward/backward pass (tfjs engine); gradients accumulate to one update per batch. 'auto' fits the 4 GB wasm heap. */
  microBatchSize?: 'auto' | number;
  /** Recorded in the saved models' cards; default from train.shape (stretch). `scale` is always what the model's first layer expects (`pixelScaleOf`). */
  preprocessing?: Preprocessing;
  /** Label smoothing e in [0, 0.5): targets (1 - e) * one-hot + e / classes. */
  labelSmoothing?: number;
  /**
   * Mixup alpha (e.g. 0.2): each training image is mixed with another image of its batch with its own coefficient
   * lambda ~ Beta(alpha, alpha), and trains against the same mix of the two (label-smoothed, class-weighted) targets
   * (mixup.ts' mixupBatch; drawn from a stream seeded by seed and epoch, so a resumed run replays it). 0 = off.
   */
  mixup?: number;
  /**
   * Decay of an exponential moving average of the weights (e.g. 0.999), updated after every batch; validation,
   * the best checkpoint and the saved models use the averaged weights. 0 = off.
   */
  ema?: number;
  /**
   * Stochastic weight averaging from this epoch (1-based) on: the equal-weight mean of the weights at the end of
   * epochs swaStart..current, with the batch-norm statistics recomputed for the averaged weights by a training-mode
   * pass over the epoch's training batches. From that epoch on, validation, the best checkpoint and the saved models
   * use the average (earlier epochs the live weights). 0 = off; not with `ema` (both average the weights).
   */
  swaStart?: number;
  /**
   * A medimg LayersModel directory to start from (fine-tuning): same architecture, input shape and class names
   * required. The optimizer starts fresh. Ignored on resume (the checkpoint holds the weights).
   */
  init?: string;
  positiveClass?: number;
  /** Extra provenance recorded in the saved model cards (e.g. dataDir; `commit` overrides the git HEAD train finds). */
  provenance?: Record<string, string | number | boolean | null>;
  /** The train/validation split (from @medimg/dataset `prepareData`): recorded in the model cards and the checkpoint; a resume must match it. */
  split?: SplitManifest;
  /** Digest of the training images (`prepareData().datasetDigest`), recorded in the model cards' provenance. */
  datasetDigest?: string;
  /**
   * Operating-point policy (@medimg/metrics) whose validation threshold becomes the model's decision threshold,
   * e.g. `youden`, `sensitivity:0.95`, `specificity:0.90`, `cost:5`. Default `youden`.
   */
  thresholdPolicy?: string;
  /** Policies whose thresholds are fitted on validation and stored in the model card. Default youden, sensitivity:0.95, specificity:0.9, cost:5. */
  thresholdPolicies?: string[];
  /**
   * The set the thresholds and the temperature are fitted on, each epoch: plain validation (default), or validation
   * pooled with other sets, e.g. `{ name: 'stress', sets: stressSuite(...) }` (its shift-stress variants). Recorded
   * in the card (`thresholdPolicy.on`, `metrics[name]`); the monitored metrics and the best epoch stay on validation.
   */
  thresholdSet?: ThresholdSet;
  /**
   * What the data loader reported (counts, skipped files with reasons, duplicates), written to OUT/data-report.json
   * so the run directory records what it was trained on.
   */
  dataReport?: object;
  /** The effective configuration of the run (e.g. the CLI's resolved flags), recorded in the model card's `config`. */
  config?: Record<string, unknown>;
  logger?: Logger;
  callbacks?: TrainCallbacks;
  /** Injectable clock (ms) for timing; default performance.now. */
  now?: () => number;
}

export interface TrainResult {
  outDir: string;
  architecture: string;
  epochsRun: number;
  /** Epochs this call trained (less than epochsRun after a resume). */
  epochsThisRun: number;
  stoppedEarly: boolean;
  bestEpoch: number;
  /** Validation metrics of the best epoch at its chosen threshold. */
  best?: EpochRecord['val'];
  threshold: number;
  microBatchSize: number;
  backend: string;
  engine: string;
  /**
   * Reference-kit timing: training-pass seconds of the warm-up epochs and of the other epochs (summed over resumes),
   * images/s over the other epochs, and `totalSeconds`, the wall time of this call (validation and checkpoints included).
   */
  timing: { warmupSeconds: number; trainSeconds: number; totalSeconds: number; imagesPerSecond: number };
  history: EpochRecord[];
}
