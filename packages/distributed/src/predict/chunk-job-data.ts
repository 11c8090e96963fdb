import type { PredictionLine } from './types';

/** A batch-predict chunk job (BullMQ job data). */
export interface PredictChunkData {
  format: 'medimg-predict-chunk@1';
  /** Names the run (data folder + model + results file). */
  run: string;
  /** Model path, the same on every worker. */
  model: string;
  /** The chief's data folder; a worker's `dataDir` replaces it. */
  dataDir: string;
  /** Relative to the data folder. */
  files: string[];
  engine?: string;
  threads?: number;
  batchSize: number;
}

/** A chunk job's return value. */
export interface PredictChunkResult {
  format: 'medimg-predict-result@1';
  lines: PredictionLine[];
  worker: string;
  engine: string;
  seconds: number;
}
