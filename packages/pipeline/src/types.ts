import type { BackendName, Logger, WindowSetting } from '@medimg/core';
import type { PipelineStage } from './stages';

/**
 * Options of `runPipeline`. Without `dataDir` the pipeline generates synthetic chest X-rays under OUT/data and uses
 * quick settings (64 px grayscale, 200 train images per class, 12 epochs: a few minutes on 2 cores); with `dataDir`
 * it uses the full settings (the default architecture's input size, 15 epochs). Every other default is listed per field.
 */
export interface PipelineOptions {
  outDir: string;
  dataDir?: string;
  /** Rerun this stage and every later one even if unchanged. */
  from?: PipelineStage;
  /** Stop after this stage (default: run to the report). */
  to?: PipelineStage;
  /** Default 'auto'. */
  backend?: BackendName | 'auto';
  /** Training engine of the train stage: 'tfjs' (default), 'onnxruntime' or 'auto' (see @medimg/train TrainOptions.engine). */
  engine?: string;
  /** Default 42. */
  seed?: number;
  /** Default: @medimg/model's DEFAULT_ARCHITECTURE. */
  architecture?: string;
  epochs?: number;
  batchSize?: number;
  /** Default 0.001. */
  lr?: number;
  imageSize?: number;
  /** DICOM / 16-bit PNG windowing (Preprocessing.window). Default 'auto'. */
  window?: WindowSetting;
  /** The effective configuration of the run (e.g. the CLI's resolved flags), recorded in the model card. */
  config?: Record<string, unknown>;
  channels?: 1 | 3;
  /** Synthetic train images per class (no dataDir). Default 200. */
  syntheticPerClass?: number;
  /** Default 100 (as the reference kit's quantization tool). */
  calibrationSize?: number;
  /** INT8 accuracy tolerance (relative). Default 0.01. */
  tolerance?: number;
  /** Default 'minmax'. */
  quantizeMethod?: 'minmax' | 'percentile' | 'entropy';
  /** Inference benchmark batch sizes. Default [1, 8, 32]. */
  benchBatchSizes?: number[];
  /** Decoded-pixel cache. Default: @medimg/dataset's default. */
  cacheDir?: string;
  /** The command line, recorded in the report. */
  command?: string;
  logger?: Logger;
}

export interface PipelineResult {
  outDir: string;
  stages: { stage: PipelineStage; skipped: boolean; seconds: number }[];
  reportMarkdown?: string;
  reportHtml?: string;
}
