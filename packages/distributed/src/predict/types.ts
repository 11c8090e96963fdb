import type { Logger } from '@medimg/core';

/** One line of the results file (JSON Lines): a prediction, or why the image could not be read. */
export interface PredictionLine {
  /** Path relative to the data folder, `/`-separated. */
  file: string;
  /** Probability by class name (rounded to 6 decimals). */
  probabilities?: Record<string, number>;
  /** The class decided at the model card's threshold (binary), else the most probable class. */
  decision?: string;
  /** The threshold the decision used (binary models). */
  threshold?: number;
  /** Set instead of the prediction when the image could not be decoded. */
  error?: string;
}

/** Progress of a batch-predict run, after each batch (local) or chunk (queue). */
export interface BatchPredictProgress {
  /** Images with a line in the results file, resumed ones included. */
  done: number;
  total: number;
  /** Lines found in the results file at the start. */
  resumed: number;
  /** Unreadable images so far (recorded as error lines). */
  failed: number;
  /** Images per second in this run. */
  imagesPerSecond: number;
  /** Seconds left at the current rate; null before the first batch. */
  etaSeconds: number | null;
}

/**
 * Options of `batchPredict`. Defaults: engine by model kind (loadPredictor's), threads the engine's, batchSize 32,
 * decodeWorkers min(2, cores), chunkSize 256 and maxInFlight 8 and attempts 2 (queue mode), logger silent.
 */
export interface BatchPredictOptions {
  /** A model path loadPredictor accepts (LayersModel / GraphModel dir, .onnx file, a train run dir). With `queue`, workers load it from the same path. */
  model: string;
  /** Folder of images (any depth). */
  dataDir: string;
  /** Results file (JSON Lines). An existing file is resumed: its files are not predicted again. */
  out: string;
  /** `redis://HOST:PORT`: shard the work across `medimg worker`s (jobs are chunks of files) instead of predicting here. */
  queue?: string;
  engine?: string;
  threads?: number;
  batchSize?: number;
  /** Decoding threads (local mode, and each worker). */
  decodeWorkers?: number;
  /** Files per queue job. */
  chunkSize?: number;
  /** Queue jobs outstanding at once (bounds memory and Redis). */
  maxInFlight?: number;
  /** Runs of a failing chunk job before the run stops with its error. */
  attempts?: number;
  onProgress?: (progress: BatchPredictProgress) => void;
  logger?: Logger;
  signal?: AbortSignal;
}

/** What `batchPredict` returns. */
export interface BatchPredictSummary {
  out: string;
  total: number;
  resumed: number;
  /** Images given a line in this run. */
  predicted: number;
  /** Unreadable images, all runs. */
  failed: number;
  seconds: number;
  imagesPerSecond: number;
  /** Engine (local) or the workers that did the work (queue). */
  engine?: string;
  workers?: string[];
  /** The run was cancelled before every file had a line (rerun to finish). */
  cancelled: boolean;
}
