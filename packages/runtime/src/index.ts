import { registerBuiltinPredictorEngines } from './builtins';

registerBuiltinPredictorEngines();

export { loadPredictor } from './load-predictor';
export { resolveModelPath } from './resolve-model-path';
export { registerModelScheme, listModelSchemes, resolveModelScheme } from './model-schemes';
export type { ModelSchemeResolver } from './model-schemes';
export { readCard } from './read-card';
export { writeCard } from './write-card';
export { readOnnxInfo, readOnnxCard } from './onnx-card';
export { createOrtSession, loadOrt } from './ort-session';
export type { Ort } from './ort-session';
export { registerPredictorEngine, listPredictorEngines, getPredictorEngine, defaultEngineFor } from './engine-registry';
export { registerBuiltinPredictorEngines } from './builtins';
export { layersModelPredictor, TFJS_LAYERS } from './engines/tfjs-layers';
export { TFJS_GRAPH } from './engines/tfjs-graph';
export { onnxPredictor, ONNXRUNTIME } from './engines/onnxruntime';
export { checkBatch } from './check-batch';
export { predictSet } from './predict-set';
export type { PredictSetOptions } from './predict-set';
export type { ModelKind, ResolvedModelPath, LoadPredictorOptions, EngineLoadOptions, PredictorEngine, OrtSessionOptions } from './types';
export type { Predictor } from '@medimg/core';
