import type * as tf from '@tensorflow/tfjs';
import type { ImageBatch, Logger, Rng } from '@medimg/core';
import type { AverageDecay, WeightAverage } from '../ema';
import type { SoftTargets } from '../mixup';
import type { Predictor } from '../types';

/** What an engine is built from: the run's model and optimizer are the state of record (checkpoints save them). */
export interface EngineContext {
  model: tf.LayersModel;
  /** tfjs Adam; its moments and iteration count are read at start and written back by `sync`. */
  optimizer: tf.Optimizer;
  /** One weight per class (the loss is the class-weighted cross-entropy sum / batch size). */
  classWeights: readonly number[];
  batchSize: number;
  /** Images per forward/backward pass (tfjs only; other engines take whole batches). */
  microBatchSize: number;
  /** Label smoothing e: the targets are (1 - e) * one-hot + e / classes. Default 0. */
  labelSmoothing?: number;
  /** Intra-op threads (onnxruntime); default: every core. */
  threads?: number;
  logger: Logger;
}

/**
 * A training engine: runs optimizer steps on batches and predicts with the current weights. Weights, batch-norm
 * statistics and Adam state live in the engine between steps; `sync` writes them into the context's LayersModel and
 * tfjs optimizer, so saving, checkpoints, resume, freeze and export stay engine-independent.
 */
export interface TrainingEngine {
  /** Registered name: 'tfjs', 'onnxruntime'. */
  readonly name: string;
  /** What runs the math, e.g. 'tfjs wasm' or 'onnxruntime-node 1.23.2 cpu, 2 threads'. */
  readonly description: string;
  /** Images per forward/backward pass actually used. */
  readonly microBatchSize: number;
  setLearningRate(lr: number): void;
  /**
   * One Adam update from one batch; dropout masks come from `random`. `targets` (mixup) replaces the targets and
   * class weights built from the labels. Returns the batch's weighted mean loss.
   */
  step(batch: ImageBatch, random: Rng, targets?: SoftTargets): Promise<number>;
  /** Inference-mode predictions with the current weights (validation). Disposing it leaves the engine alive. */
  predictor(): Predictor;
  /** Writes weights, statistics and optimizer state into context.model and context.optimizer. */
  sync(): Promise<void>;
  /**
   * A running average of the engine's weights and batch-norm statistics with ema.ts' `decay` rule (emaDecay: an
   * exponential moving average; swaDecay: the equal-weight mean of the snapshots), updated by the caller (after
   * each step, or at epoch ends). Its `swapIn` puts the average into context.model and into this engine's predictor
   * (call `sync` first: the restore writes the live weights back into context.model). `initial`: the average's
   * start in model.weights order (a resumed run's saved average), else the current weights.
   */
  weightAverage(decay: AverageDecay, updates: number, initial?: tf.Tensor[]): WeightAverage;
  /**
   * Recomputes the batch-norm statistics of the weights that predict (a swapped-in average, else the live ones)
   * from a training-mode forward pass over `batches` (micro-batches on tfjs), dropout masks from `random`: each
   * moving mean and variance becomes the equal-weight mean of its per-batch values (PyTorch's update_bn with
   * momentum None). Nothing else changes (weights, Adam state, and the live statistics while an average is
   * swapped in). Returns the number of passes.
   */
  updateBatchStats(batches: AsyncIterable<ImageBatch>, random: Rng): Promise<number>;
  dispose(): Promise<void>;
}

export type EngineFactory = (context: EngineContext) => Promise<TrainingEngine>;
