import type { Logger, Predictor } from '@medimg/core';

/** What a model path holds: a tfjs LayersModel or GraphModel directory, or an .onnx file (FP32 or INT8). */
export type ModelKind = 'layers-model' | 'graph-model' | 'onnx';

/** A model path after `resolveModelPath` (a training run directory resolves to its best model). */
export interface ResolvedModelPath {
  path: string;
  kind: ModelKind;
}

/**
 * Options of `loadPredictor`. Defaults: engine by model kind (`tfjs-layers` for a LayersModel directory, `tfjs-graph`
 * for a GraphModel directory, `onnxruntime` for an .onnx file), threads: the engine's choice, logger silent.
 */
export interface LoadPredictorOptions {
  /** A registered predictor engine name (see `listPredictorEngines()`). */
  engine?: string;
  /** onnxruntime intra-op threads (tfjs engines ignore it). */
  threads?: number;
  logger?: Logger;
}

/** What an engine's `load` receives. */
export interface EngineLoadOptions {
  threads?: number;
  logger: Logger;
}

/** An inference engine registered by name: which model kinds it runs and how it loads one as a Predictor. */
export interface PredictorEngine {
  readonly kinds: readonly ModelKind[];
  load(model: ResolvedModelPath, options: EngineLoadOptions): Promise<Predictor>;
}

/**
 * Options of `createOrtSession`. Defaults: threads = onnxruntime's choice (all cores), optimize true (graph
 * optimisation level 'all'; false = 'disabled', every node kept, as calibration needs), logSeverity 3 (errors only).
 * Sessions always run sequentially with one inter-op thread.
 */
export interface OrtSessionOptions {
  threads?: number;
  optimize?: boolean;
  /** onnxruntime log severity 0 (verbose) .. 4 (fatal). */
  logSeverity?: 0 | 1 | 2 | 3 | 4;
  /** Names the model in errors when it is given as bytes. */
  label?: string;
  /** Graph optimisation level when `optimize` is true. Default 'all'. */
  level?: 'basic' | 'extended' | 'all';
  /** Write the optimised graph onnxruntime runs to this file (to inspect its fused kernels). */
  optimizedModelFile?: string;
  /**
   * Whether idle intra-op worker threads spin (busy-wait) for the next piece of work before they sleep
   * (onnxruntime's `session.intra_op.allow_spinning`). Default true, onnxruntime's own default. false frees the
   * cores between runs; on the shared 2-core machine a compact-cnn training step was ~3.5% slower with it at load ~13
   * and ~3.5% faster at load ~21 (interleaved runs, docs/benchmarks.md #11), so no default wins.
   */
  spinning?: boolean;
}
