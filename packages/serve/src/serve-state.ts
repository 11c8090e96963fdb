import type { MicroBatcher } from './batching/micro-batcher';
import type { ServeMetrics } from './metrics/serve-metrics';
import type { ResolvedServeOptions } from './resolve-options';
import type { ModelInfo } from './types';
import type { ExplainWanted, ItemResult } from './worker/protocol';

/** One image's answer from the batcher, with the batch's timings. */
export interface QueuedResult {
  item: ItemResult;
  queueMs: number;
  decodeMs: number;
  computeMs: number;
  batchSize: number;
}

/** What a predict request hands the batcher. */
export interface QueuedImage {
  bytes: Uint8Array;
  /** predict?explain=true (with overlay=false: 'map'). */
  explain: ExplainWanted;
}

export interface ServedModel {
  info: ModelInfo;
  /** Why predict?explain=true is refused for this model (no explainer could be loaded), or null when it works. */
  explainProblem: string | null;
  /** .onnx file the browser page may download, or null. */
  onnxFile: string | null;
  batcher: MicroBatcher<QueuedImage, QueuedResult>;
  /** The model input pixels (HWC uint8) the server computes from encoded bytes, decoded in a worker. */
  preprocess: (bytes: Uint8Array) => Promise<ItemResult>;
}

/** Shared by the routes: the models (once loaded), the metrics and the lifecycle flags. */
export interface ServeState {
  options: ResolvedServeOptions;
  metrics: ServeMetrics;
  models: Map<string, ServedModel>;
  ready: boolean;
  closing: boolean;
  /** Why loading failed, when it did. */
  loadError: string | null;
}
