export { train } from './train';
export { evaluate } from './evaluate';
export { layersPredictor, batchToTensor } from './predictor';
export { resolveClassWeights } from './class-weights';
export { autoMicroBatchSize, activationsPerImage, WASM_HEAP_BYTES } from './micro-batch';
export { trainBatch, microSplits } from './train-step';
export { readCheckpoint } from './checkpoint';
export { validateTrainSettings } from './resolve-options';
export type { TrainSettings } from './resolve-options';
export type { CheckpointState } from './checkpoint';
export type {
  Predictor, EvaluationReport, EvaluateOptions,
  BatchProgress, EpochRecord, TrainCallbacks, TrainOptions, TrainResult,
} from './types';
