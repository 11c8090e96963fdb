import type * as tf from '@tensorflow/tfjs';
import type { ImageBatch, Logger } from '@medimg/core';

/** [height, width, channels] of one image as a model sees it. */
export type ImageShape = [number, number, number];

/** Where an engine gets its model: a path on disk or (tfjs only) a model already in memory. */
export interface EngineModel {
  /** tfjs engines: a model directory (model.json + weights); onnxruntime: a `.onnx` file. */
  path?: string;
  /** tfjs-layers only: an in-memory LayersModel (hashed from its weights). */
  layersModel?: tf.LayersModel;
  /** A label for tables (default: the path's base name or the model's name). */
  label?: string;
}

/** Options every engine factory receives. */
export interface EngineOptions {
  model: EngineModel;
  /** onnxruntime: intra-op threads (default: onnxruntime's own choice). tfjs engines ignore it (see `supportsThreads`). */
  threads?: number;
  /** Marks the precision in results, e.g. `int8` for a quantized ONNX file. Default `fp32`. */
  precision?: string;
}

/** What `load()` learned about the model. */
export interface EngineInfo {
  /** Per-image input shape [h, w, c] (NHWC as medimg feeds it). */
  inputShape: ImageShape;
  /** sha256 of the model file(s), or of the weights of an in-memory model. */
  modelHash: string;
  /** Human label of the model. */
  modelLabel: string;
  /** Threads the engine runs with, or null where it cannot be set per engine (tfjs). */
  threads: number | null;
  /** How the model takes pixels (its model card; a model without one: `unit`). Inputs are generated in these units. */
  pixelScale: 'unit' | 'in-graph';
}

/**
 * One way of running a model: load once, run batches, dispose. `run` resolves once the outputs are
 * on the host (so timing includes all device work) and returns them flattened.
 */
export interface InferenceEngine {
  /** Registered engine name, e.g. `tfjs-layers`, `onnxruntime`. */
  readonly name: string;
  /** Compute backend: the tfjs backend name, or `onnxruntime-cpu`. */
  readonly backend: string;
  /** Precision label (`fp32`, `int8`). */
  readonly precision: string;
  /** Whether `threads` changes anything for this engine. */
  readonly supportsThreads: boolean;
  load(): Promise<EngineInfo>;
  /** `batch` is NHWC floats in the model's input units (length batchSize*h*w*c) or an ImageBatch (fed as the model card says). */
  run(batch: Float32Array | ImageBatch, batchSize: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type EngineFactory = (options: EngineOptions) => InferenceEngine;

/** Summary statistics of a list of durations in milliseconds. */
export interface LatencyStats {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  std: number;
}

/** Where the machine-dependent facts of a result come from. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  platform: string;
  arch: string;
  node: string;
  /** 1-minute load average when the result was recorded (the machine may be shared). */
  loadAverage1m: number;
}

/** A clock in milliseconds; injectable so statistics code is testable. Default `performance.now`. */
export type Clock = () => number;

/** Options of `benchmarkInference`. Defaults in brackets. */
export interface BenchmarkInferenceOptions {
  /** A registered engine name (`tfjs-layers`, `tfjs-graph`, `onnxruntime`, `onnxruntime-int8`). */
  engine: string;
  model: EngineModel;
  /** Precision label passed to the engine [engine's default]. */
  precision?: string;
  /** Batch sizes to sweep [[1]]. */
  batchSizes?: number[];
  /** Thread counts to sweep (engines with `supportsThreads`) [[engine default]]. */
  threads?: number[];
  /** Untimed runs before each case [3]. */
  warmup?: number;
  /** Timed runs per case, at least [20]. */
  trials?: number;
  /** Keep running a case until this many seconds have passed as well [0]. */
  minSeconds?: number;
  /** Upper bound on timed runs per case when `minSeconds` is set [10000]. */
  maxTrials?: number;
  /** Runs at batch 1 for the reference kit's "minimum latency over N runs" (0 skips) [100]. */
  referenceRuns?: number;
  /** Input images; when absent, seeded uniform noise of the model's input shape. */
  input?: ImageBatch;
  /** Seed of the noise input [0]. */
  seed?: number;
  logger?: Logger;
  /** Called after each case. */
  onCase?: (result: InferenceCase) => void;
  clock?: Clock;
}

/** One (batch size, threads) cell of an inference sweep. */
export interface InferenceCase {
  batchSize: number;
  threads: number | null;
  warmup: number;
  trials: number;
  /** Wall time of the timed runs, seconds. */
  seconds: number;
  /** Latency of one run (one batch), ms. */
  perBatchMs: LatencyStats;
  /** Latency per image (each run divided by batch size), ms. */
  perImageMs: LatencyStats;
  /** Images per second over the timed runs. */
  throughput: number;
  /** The reference kit's figures: latency = mean / batch size (ms), throughput = 1 / latency (images/s). */
  referenceKit: { latencyMs: number; throughput: number };
  /** Highest resident set size sampled during this case, bytes. */
  peakRssBytes: number;
}

/** What every result file carries. */
export interface ResultHeader {
  schema: 'medimg-bench@1';
  createdAt: string;
  machine: MachineInfo;
  /** Free-form label, e.g. the bench-runner suite and case. */
  label?: string;
}

export interface InferenceResult extends ResultHeader {
  kind: 'inference';
  engine: string;
  backend: string;
  precision: string;
  model: { label: string; hash: string; inputShape: ImageShape };
  cases: InferenceCase[];
  /** The reference kit's "minimum latency over N runs at batch 1" (ms), per thread setting; null when skipped. */
  referenceKit: { runs: number; minLatencyMsBatch1: { threads: number | null; ms: number }[] } | null;
  /** Process peak RSS (getrusage maxRSS) at the end, bytes. */
  peakRssBytes: number;
}

/** Options of `benchmarkTraining`. Defaults in brackets. */
export interface BenchmarkTrainingOptions {
  /** The model to train (uncompiled is fine); it is trained in place. */
  model: tf.LayersModel;
  /** A label for tables [model.name]. */
  label?: string;
  batchSize: number;
  /** Split each batch into micro-batches of this size and accumulate gradients (fits big nets in the wasm heap) [batchSize]. */
  microBatchSize?: number;
  /** Timed training steps [5]. */
  steps?: number;
  /** Untimed steps first (kernel compilation, allocation) [1]. */
  warmupSteps?: number;
  /** Timed forward passes (inference mode) [steps]; 0 skips. */
  forwardSteps?: number;
  /** `adam` or `sgd` [adam]. */
  optimizer?: 'adam' | 'sgd';
  /** Learning rate [1e-4]. */
  learningRate?: number;
  /** Seed of the synthetic batch [0]. */
  seed?: number;
  logger?: Logger;
  /** Called after every timed step. */
  onStep?: (step: number, ms: number) => void;
  clock?: Clock;
}

export interface TrainingResult extends ResultHeader {
  kind: 'training';
  model: { label: string; params: number; inputShape: ImageShape; classes: number };
  backend: string;
  /** Training engine: 'tfjs' (benchmarkTraining) or the engine benchmarkEngineTraining drove. */
  engine?: string;
  batchSize: number;
  /** Micro-batch size used (equal to batchSize unless gradients were accumulated). */
  microBatchSize: number;
  steps: number;
  warmupSteps: number;
  optimizer: string;
  /** Duration of one training step (forward + backward + update), ms. */
  stepMs: LatencyStats;
  /** Training images per second over the timed steps. */
  trainImagesPerSecond: number;
  /** Duration of one forward pass (inference), ms; null when skipped. */
  forwardMs: LatencyStats | null;
  forwardImagesPerSecond: number | null;
  /** Loss at the first and last timed step (a sanity check that it trained). */
  loss: { first: number; last: number };
  peakRssBytes: number;
}

export type BenchResult = InferenceResult | TrainingResult;

/** One comparable number of a result. */
export interface BenchMetric {
  key: string;
  value: number;
  higherIsBetter: boolean;
}

export interface CompareOptions {
  /** Relative change tolerated as noise [0.1]. */
  noise?: number;
}

export interface MetricChange {
  key: string;
  baseline: number;
  current: number;
  /** (current - baseline) / baseline. */
  change: number;
  status: 'regression' | 'improvement' | 'unchanged';
}

export interface BaselineComparison {
  noise: number;
  changes: MetricChange[];
  regressions: MetricChange[];
  /** Keys in the baseline with no counterpart now, and new keys. */
  missing: string[];
  added: string[];
}
