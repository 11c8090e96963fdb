import type { ModelCard } from '@medimg/core';

/** One model a worker loads. */
export interface WorkerModelSpec {
  name: string;
  path: string;
  /** Engine name for loadPredictor (default: picked from the model's format). */
  engine?: string;
}

/** workerData of an inference worker. */
export interface WorkerInit {
  models: WorkerModelSpec[];
  /** onnxruntime intra-op threads per model session. */
  threads: number;
  /** tfjs backend for tfjs models ('auto' picks the best available). */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Folder for the ONNX exports of tfjs models (the page runs them in the browser); only worker 0 writes them. */
  onnxDir: string;
  /** This worker's index. */
  index: number;
}

/** What a worker reports about a model it loaded. */
export interface LoadedModel {
  name: string;
  /** The model file or directory actually loaded (a run directory resolved to RUN/best). */
  path: string;
  engine: string;
  card: ModelCard;
  /** The .onnx file of this model (the served file, or an export of a tfjs model), or null when there is none. */
  onnxFile: string | null;
  /** Why a tfjs model has no ONNX form (export failed), when it has none. */
  onnxProblem?: string;
  numClasses: number;
  inputShape: readonly [number, number, 1 | 3];
  /** Milliseconds of the warm-up run (one image). */
  warmupMs: number;
  /** Whether the worker holds an explainer (@medimg/explain) for this model: predict?explain=true works. */
  explain: boolean;
  /** Why the model has no explainer, when it has none. */
  explainProblem?: string;
}

export interface RunRequest {
  type: 'run';
  id: number;
  model: string;
  /** Encoded JPEG/PNG bytes, one per image. */
  images: Uint8Array[];
  /** Per image: also compute its class map (only for models loaded with `explain: true`), with or without the overlay PNG. */
  explain: ExplainWanted[];
  /** Only decode + preprocess (the model input pixels come back in `pixels`), no model run. */
  preprocessOnly?: boolean;
}

/** What a request asks for beside the probabilities: nothing, the class map, or the map and its overlay PNG. */
export type ExplainWanted = 'none' | 'map' | 'overlay';

/** One image's class map, as @medimg/explain computes it (see PredictResponse.heatmap). */
export interface ExplainMap {
  width: number;
  height: number;
  /** Row-major values in [0, 1] at the model input size. */
  data: Float32Array;
  /** Class the map explains. */
  classIndex: number;
  className: string;
  method: string;
  layer: string;
  peak: number;
  /** The map on the feature grid (ReLU applied, not normalised). */
  lowRes: { width: number; height: number; data: Float32Array };
  /** PNG: the preprocessed image with the map blended on and the probabilities and decision printed below (absent with overlay=false). */
  overlayPng?: Uint8Array;
}

export type ItemResult = { ok: true; probabilities: Float32Array; heatmap?: ExplainMap; pixels?: Uint8Array } | { ok: false; status: number; message: string };

export type WorkerMessage =
  | { type: 'ready'; models: LoadedModel[] }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; items: ItemResult[]; decodeMs: number; computeMs: number; batchSize: number }
  | { type: 'run-error'; id: number; message: string };
