export { prepareData } from './prepare-data';
export { prepareDataForCard } from './prepare-card-data';
export type { PrepareCardDataOptions, CardData } from './prepare-card-data';
export { loadSplit } from './load-split';
export { preprocessImageFile, preprocessImageBytes } from './preprocess-image-file';
export { readImageHeader } from './image-header';
export { inspectDataset } from './inspect-dataset';
export type { InspectOptions, InspectReport, InspectSplit } from './inspect-dataset';
export { generateSyntheticXrays, SYNTHETIC_CLASSES, syntheticClassNames } from './synthetic/generate-synthetic';
export { relabelDataset, parseRelabelRules, relabelClass } from './relabel';
export type { RelabelOptions, RelabelResult, RelabelRule } from './relabel';
export type { SyntheticOptions, SyntheticResult } from './synthetic/generate-synthetic';
export { createAugmentation, STRONG_AUGMENTATION } from './augmentation';
export { normalizeIntensity, normalizeBatch, PERCENTILE_RANGE } from './pixels/intensity-normalization';
export { mapImageSet } from './image-set';
export { stressTransform, stressSuite, registerStressPerturbation, listStressPerturbations } from './stress/stress-transform';
export type { StressOptions } from './stress/stress-transform';
export { STRESS_PERTURBATIONS, STRESS_NAMES } from './stress/perturbations';
export { ttaViews, applyTtaView, TTA_VIEWS } from './tta/tta-views';
export type { TtaView, TtaViewsOptions } from './tta/tta-views';
export type { Perturbation, PerturbationInput } from './stress/perturbations';
export type { AugmentationOptions } from './augmentation';
export { oversample } from './oversample';
export { splitStratified } from './split-stratified';
export type { SplitItem, StratifiedSplitOptions, SplitResult } from './split-stratified';
export { inMemoryImageSet } from './image-set';
export type { InMemoryImageSetOptions } from './image-set';
export { toTfDataset } from './tf-dataset';
export type { TfDatasetOptions } from './tf-dataset';
export { DEFAULT_PATIENT_PATTERN, patientIdOf } from './patient-id';
export { discoverDataset, EXPECTED_LAYOUT } from './discover';
export type { DatasetLayout, SplitFolder, ClassFolder } from './discover';
export { resolveDecoder, sharpAvailable, checkImageContainer } from './decode/decode-core';
export { createDecodePool } from './decode/decode-pool';
export type { DecodePool } from './decode/decode-pool';
export type { DecodeOptions, DecodeResult } from './decode/decode-core';
export { isImageFileName } from './discover';
export { defaultCacheDir } from './pixel-cache';
export { datasetDigest, fileStatsDigest } from './file-list-digest';
export { encodeDicom, DICOM_EXPLICIT_LE, DICOM_IMPLICIT_LE } from './encode/encode-dicom';
export type { EncodeDicomOptions } from './encode/encode-dicom';
export { encodePng16 } from './encode/encode-png16';
export { parseWindow, formatWindow } from './window-setting';
export { SPLIT_NAMES } from './types';
export type {
  PrepareDataOptions,
  PreparedData,
  LoadSplitOptions,
  DataReport,
  SplitReport,
  SideReport,
  SkippedFile,
  ProgressEvent,
  DecoderChoice,
  DecoderName,
  SplitName,
} from './types';
