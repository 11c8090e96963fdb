import { registerBuiltinEngines } from './engines/builtins';

registerBuiltinEngines();

export { registerEngine, createEngine, listEngines } from './engines/registry';
export { registerBuiltinEngines } from './engines/builtins';
export { tfjsLayersEngine } from './engines/tfjs-layers';
export { tfjsGraphEngine } from './engines/tfjs-graph';
export { onnxruntimeEngine } from './engines/onnxruntime';
export { benchmarkInference } from './benchmark-inference';
export { benchmarkTraining } from './benchmark-training';
export { benchmarkEngineTraining } from './benchmark-engine-training';
export type { TrainingStepEngine, BenchmarkEngineTrainingOptions } from './benchmark-engine-training';
export { compareToBaseline } from './compare-to-baseline';
export { benchMetrics } from './metrics';
export { percentile, summarize, scaleStats } from './stats';
export { machineInfo } from './machine';
export { hashModelPath, hashArrays } from './hash';
export { currentRss, processPeakRss } from './memory';
export { batchToFloats, noiseInput } from './input';
export { trainingTable, inferenceTable, comparisonMarkdown, machineLine } from './markdown';
export { resultsToMarkdown, writeResults } from './write-results';
export type {
  ImageShape,
  EngineModel,
  EngineOptions,
  EngineInfo,
  InferenceEngine,
  EngineFactory,
  LatencyStats,
  MachineInfo,
  Clock,
  BenchmarkInferenceOptions,
  InferenceCase,
  ResultHeader,
  InferenceResult,
  BenchmarkTrainingOptions,
  TrainingResult,
  BenchResult,
  BenchMetric,
  CompareOptions,
  MetricChange,
  BaselineComparison,
} from './types';
