export { train } from './train';
export { evaluate } from './evaluate';
export { evaluateSuite } from './evaluate-suite';
export { ttaPredictor } from './tta-predictor';
export { fitOnThresholdSet, splitMetricsOf, VALIDATION_SET } from './threshold-set';
export type { ThresholdSet, ThresholdSetFit } from './threshold-set';
export { calibrateCard } from './calibrate-card';
export type { CalibrateCardOptions, CalibrateCardResult } from './calibrate-card';
export type { SuiteSet, SuiteRow, SuiteReport, EvaluateSuiteOptions } from './evaluate-suite';
export { layersPredictor, batchToTensor } from './predictor';
export { resolveClassWeights } from './class-weights';
export { autoMicroBatchSize, activationsPerImage, WASM_HEAP_BYTES } from './micro-batch';
export { trainBatch, microSplits } from './train-step';
export { mixupBatch, softTargets, sampleBeta } from './mixup';
export type { MixedBatch, SoftTargets } from './mixup';
export { createWeightAverage, emaDecay, swaDecay } from './ema';
export type { AverageDecay, WeightAverage } from './ema';
export { updateBatchStats } from './batch-stats';
export { readCheckpoint } from './checkpoint';
export { validateTrainSettings } from './resolve-options';
export type { TrainSettings } from './resolve-options';
export { registerEngine, listEngines, createEngine, AUTO_ORDER } from './engines/registry';
export { tfjsEngine } from './engines/tfjs-engine';
export { onnxruntimeEngine } from './engines/onnxruntime/onnxruntime-engine';
export { buildStepGraph, buildEvalGraph } from './engines/onnxruntime/lower-training';
export { UnsupportedForEngineError, isUnsupportedForEngineError } from './engines/onnxruntime/unsupported-error';
export type { TrainingEngine, EngineContext, EngineFactory } from './engines/types';
export type { LoweredGraph, ParamSpec, MaskSpec } from './engines/onnxruntime/lower-training';
export type { CheckpointState } from './checkpoint';
export type {
  Predictor, EvaluationReport, EvaluateOptions,
  BatchProgress, EpochRecord, TrainCallbacks, TrainOptions, TrainResult,
} from './types';
