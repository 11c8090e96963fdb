import type { Preprocessing } from '../types';

/** The current model card format. Cards of the older `medimg-model@1` format are read as an upgrade. */
export const MODEL_CARD_FORMAT = 'medimg-model-card@2';
export type ModelCardFormat = typeof MODEL_CARD_FORMAT;
/** The format before the model card (class names, preprocessing, threshold, free-form provenance). */
export const LEGACY_METADATA_FORMAT = 'medimg-model@1';

/** How the decision threshold was chosen. */
export interface ThresholdPolicy {
  /** `youden` (max TPR - FPR on validation), `fixed` (given by the user), `default` (0.5, no validation), or a registered name. */
  name: string;
  /**
   * The set it was fitted on: `validation` (the held-out side of train), or `stress` (validation pooled with its
   * shift-stress variants, see `stress`), or another split name.
   */
  on?: string;
  /** With `on: 'stress'`: the acquisition changes pooled with validation, their severity and seed (`medimg evaluate --stress`). */
  stress?: { perturbations: string[]; severity: number; seed: number };
  /** Images the threshold was fitted on (all pooled sets together). */
  images?: number;
  /** What fitted it: `train` (per epoch) or `calibrate` (re-fitted on a trained model). */
  fittedBy?: string;
  /** Set on cards upgraded from an older format (the policy is inferred, not recorded). */
  inferred?: boolean;
}

/**
 * How the training images were split into train and validation: enough to re-derive the split from the same folder
 * and to check that it is the same (the digest of the sorted validation file list).
 */
export interface SplitManifest {
  seed: number;
  /** Fraction of the training folder held out for validation. */
  valSplit: number;
  /** `patient`: a patient's images (and byte-identical duplicates) stay on one side; `file`: files split independently. */
  grouping: 'patient' | 'file';
  stratified: boolean;
  /** Number of training-side images. */
  trainCount: number;
  /** Validation images: count, SHA-256 of the sorted list (one path per line, relative to the training folder) and the list. */
  validation: { count: number; digest: string; files?: string[] };
}

/** Where a model came from. Known fields are typed; other string/number/boolean facts may be added. */
export interface ModelProvenance {
  architecture: string;
  /** Training engine, e.g. `tfjs` or `onnxruntime-training`. */
  engine: string;
  /** Compute backend the model was trained on (tfjs backend name, or the engine's). */
  backend: string;
  /** Epochs trained when this model was saved (the best epoch's number for OUT/best). */
  epochs: number;
  /** git commit of the code that trained it, when known. */
  commit: string | null;
  /** Digest of the training folder's file list (sizes, mtimes), when known. */
  datasetDigest: string | null;
  [key: string]: string | number | boolean | null;
}

/** Metrics of the model at its threshold (binary) or argmax (more classes). */
export interface SplitMetrics {
  images: number;
  accuracy: number;
  sensitivity?: number;
  specificity?: number;
  auc?: number | null;
  loss?: number;
  threshold?: number;
}

/** One member of an ensemble (what its own card said). */
export interface EnsembleMember {
  /** The path or scheme the member was read from (e.g. `runs/seed1/best`). */
  source: string;
  architecture: string;
  /** Training seed, when its card recorded one. */
  seed: number | null;
  threshold: number;
  /** Its own validation metrics at its own threshold, when recorded. */
  validation: SplitMetrics | null;
}

/** Set on an ensemble exported as one model: which members, and how their outputs are combined. */
export interface EnsembleInfo {
  /** `mean-probabilities`: the output is the mean of the members' probability vectors. */
  combine: 'mean-probabilities';
  members: EnsembleMember[];
}

/**
 * The one document every saved medimg model carries (LayersModel / GraphModel `model.json` userDefinedMetadata
 * `medimg`, ONNX metadata_props `medimg`), read by every consumer: nothing downstream re-derives any of it.
 */
export interface ModelCard {
  format: ModelCardFormat;
  /** Registered architecture name, e.g. `compact-cnn`. */
  architecture: string;
  /** Class names in output order (sorted folder names at training time). */
  classNames: string[];
  /** Index of the positive class for binary metrics (e.g. PNEUMONIA), or null. */
  positiveClass: number | null;
  /** [height, width, channels] of one input image. */
  inputShape: [number, number, 1 | 3];
  preprocessing: Preprocessing;
  /** Decision threshold on the positive-class probability. */
  threshold: number;
  thresholdPolicy: ThresholdPolicy;
  /**
   * The threshold each operating-point policy (@medimg/metrics: `youden`, `sensitivity:0.95`, `specificity:0.9`,
   * `cost:5`, ...) picks on validation, by canonical policy name; `threshold` is the one of `thresholdPolicy.name`.
   */
  operatingPoints?: Record<string, number>;
  /** The train/validation split the model was trained and validated on (absent for models without one). */
  split?: SplitManifest;
  provenance: ModelProvenance;
  /** Metrics per split name at `threshold`: e.g. `validation`, and `stress` (validation pooled with its shift-stress variants) when the threshold was fitted there. */
  metrics?: Record<string, SplitMetrics>;
  /** Probability calibration (temperature scaling of the logits). */
  calibration?: { temperature: number; [key: string]: string | number | boolean | null };
  /** The effective configuration the model was produced with (e.g. the CLI's resolved options). */
  config?: Record<string, unknown>;
  /** Precision of the saved weights/ops, e.g. `fp32` or `int8` (set by quantize). Default fp32. */
  precision?: string;
  /** Present when the model is an ensemble of several trained models (`medimg ensemble`). */
  ensemble?: EnsembleInfo;
}
