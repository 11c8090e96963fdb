export { freeze, freezeModelDir } from './freeze';
export { toOnnx, MIN_OPSET, MAX_OPSET, CAM_OUTPUT } from './to-onnx';
export { findCamTail } from './lower/cam-tail';
export type { CamTail } from './lower/cam-tail';
export { exportOnnx } from './export-onnx';
export { exportEnsemble, ensembleOnnx } from './ensemble/export-ensemble';
export { mergeOnnxMembers } from './ensemble/merge-onnx';
export { ensembleCard } from './ensemble/ensemble-card';
export { lowerModel } from './lower/lower-model';
export { optimizeGraph } from './lower/optimize';
export { UnsupportedLayerError, isUnsupportedLayerError } from './unsupported-layer-error';
export type {
  Activation,
  Compression,
  FreezeOptions,
  FreezeModelDirOptions,
  FreezeReport,
  ToOnnxOptions,
  ExportOnnxOptions,
  ExportReport,
  EnsembleOnnxOptions,
  ExportEnsembleOptions,
  EnsembleReport,
  InferenceGraph,
  InferenceOp,
} from './types';
export type { FrozenGraphInfo } from './freeze';
export type { OptimizeResult } from './lower/optimize';
