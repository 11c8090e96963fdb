import type { IntensityNormalization, LabeledImageSet, Logger, SplitManifest, WindowSetting } from '@medimg/core';

/** Which image decoder to use. `auto` (default) is sharp when it loads, else jimp. */
export type DecoderChoice = 'auto' | 'sharp' | 'jimp';
/** The decoder actually used. */
export type DecoderName = 'sharp' | 'jimp';
export type SplitName = 'train' | 'test' | 'val';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test', 'val'];

/** Progress of a long pass (decode, cache read). */
export interface ProgressEvent {
  phase: string;
  done: number;
  total: number;
}

export interface PrepareDataOptions {
  /** `ROOT/{train,test,val}/{CLASS}/img` or `ROOT/{CLASS}/img`. */
  dataDir: string;
  /** Square side in pixels. */
  imageSize: number;
  channels: 1 | 3;
  /** Default 'stretch' (the reference kit); 'letterbox' keeps the aspect ratio and pads with black. */
  resize?: 'stretch' | 'letterbox';
  /** Per-image intensity normalisation of every batch read (train, validation, test). Default 'none'. */
  normalize?: IntensityNormalization;
  /** Windowing of DICOM and 16-bit PNG images. Default 'auto' (see Preprocessing.window in @medimg/core). */
  window?: WindowSetting;
  /** Fraction of the train split held out for validation. Default 0.1 (stratified, patient-grouped, seeded). */
  valSplit?: number;
  /** Default 42. */
  seed?: number;
  /** Keep each patient's images on one side of the split. Default true. */
  groupByPatient?: boolean;
  /** Captures the patient ID from a file name (group 1, else the whole match). Default: `DEFAULT_PATIENT_PATTERN` (Kermany names). */
  patientPattern?: RegExp;
  /** Default: $MEDIMG_CACHE_DIR, else ~/.cache/medimg. */
  cacheDir?: string;
  /** Default 'auto' (sharp when it loads, else jimp). */
  decoder?: DecoderChoice;
  /** Decode worker threads. Default: the number of cores; 1 decodes in this thread. */
  workers?: number;
  /** Also load the test split when present. Default false. */
  includeTest?: boolean;
  /** Keep pixels in memory up to this many bytes per split, else stream them from the cache file. Default $MEDIMG_MEMORY_BUDGET_MB or 1024 MiB. */
  memoryBudgetBytes?: number;
  logger?: Logger;
  onProgress?: (p: ProgressEvent) => void;
}

/** A file that was not used, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** What happened while reading one split folder. */
export interface SplitReport {
  /** Folder the split was read from. */
  dir: string;
  /** Usable images per class name. */
  counts: Record<string, number>;
  /** Files not used (stray files, corrupt or truncated images), with reasons. */
  skipped: SkippedFile[];
  /** Images used with a remark (e.g. only the first frame of a multi-frame DICOM). */
  notes: { path: string; note: string }[];
  /** Groups of byte-identical files (paths relative to the split folder), only groups of 2 or more. */
  duplicateGroups: string[][];
  /** Whether the preprocessed pixels came from the cache. */
  cacheHit: boolean;
  /** Cache file holding this split's pixels. */
  cacheFile: string;
  /** Images decoded in this call (0 on a full cache hit). */
  decoded: number;
  /** Whether pixels are held in memory (else streamed from the cache file). */
  inMemory: boolean;
  /** Source image size range of the usable images. */
  sourceSize: { minWidth: number; maxWidth: number; minHeight: number; maxHeight: number } | null;
}

/** Images and patients on one side of a split. */
export interface SideReport {
  images: number;
  patients: number;
  counts: Record<string, number>;
}

export interface DataReport {
  dataDir: string;
  classNames: string[];
  decoder: DecoderName;
  imageSize: number;
  channels: 1 | 3;
  resize: 'stretch' | 'letterbox';
  window: WindowSetting;
  splits: Partial<Record<SplitName | 'root', SplitReport>>;
  /** Train/validation sides (prepareData only). */
  sides?: { train: SideReport; validation: SideReport; seed: number; valSplit: number; groupByPatient: boolean };
  cacheHits: number;
  cacheMisses: number;
}

export interface PreparedData {
  classNames: string[];
  train: LabeledImageSet;
  validation: LabeledImageSet;
  /** The same validation images before the intensity normalisation (as decoded): what the shift-stress perturbations start from. */
  validationRaw: LabeledImageSet;
  test?: LabeledImageSet;
  report: DataReport;
  /** The split for the model card: seed, valSplit, grouping, counts and the validation files' digest and list. */
  split: SplitManifest;
  /** Digest of the training folder's images (file list, sizes, mtimes), for the model card's provenance. */
  datasetDigest: string;
}

export interface LoadSplitOptions {
  dataDir: string;
  /** Split to load from a `ROOT/{train,test,val}` tree; omit for a single-split folder `ROOT/{CLASS}`. */
  split?: SplitName;
  imageSize: number;
  channels: 1 | 3;
  /** Default 'stretch'. */
  resize?: 'stretch' | 'letterbox';
  /** Per-image intensity normalisation of every batch read (the model's `preprocessing.normalize`). Default 'none'. */
  normalize?: IntensityNormalization;
  /** Windowing of DICOM and 16-bit PNG images. Default 'auto'. */
  window?: WindowSetting;
  /** Default: $MEDIMG_CACHE_DIR, else ~/.cache/medimg. */
  cacheDir?: string;
  /** Default 'auto'. */
  decoder?: DecoderChoice;
  /** Default: the number of cores. */
  workers?: number;
  logger?: Logger;
  /** Class order to use (e.g. the model's); every class folder must then be one of these. Default: sorted folder names. */
  classNames?: readonly string[];
  /** Default $MEDIMG_MEMORY_BUDGET_MB or 1024 MiB. */
  memoryBudgetBytes?: number;
  onProgress?: (p: ProgressEvent) => void;
}
