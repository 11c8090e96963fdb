import type { Logger, ModelCard } from '@medimg/core';

/** One model to serve. */
export interface ServedModelSpec {
  /** URL name (`/v1/models/{name}`). Default: the model file or directory name (`model.int8.onnx` -> `model.int8`). */
  name?: string;
  /** A LayersModel dir, GraphModel dir, `medimg train --out` run dir, or an .onnx file (FP32 or INT8). */
  path: string;
  /** Engine for loadPredictor (default: picked from the model's format). */
  engine?: string;
}

/**
 * Options of `startServer`. Defaults: port 8080, host 127.0.0.1, maxBatch 16, maxDelayMs 5, queueSize 64 x maxBatch,
 * timeoutMs 30000, workers 1, threads floor(cores / workers) (onnxruntime intra-op threads per worker), maxUploadBytes
 * 10 MiB, maxImagePixels 40 million, backend 'auto' (tfjs models), logger silent.
 */
export interface ServeOptions {
  models: ServedModelSpec[];
  port?: number;
  host?: string;
  /** Largest batch per model run; 1 turns batching off. */
  maxBatch?: number;
  /** How long the first image of a batch may wait for more. */
  maxDelayMs?: number;
  /** Images allowed to wait per model; beyond it requests get 503 with Retry-After. */
  queueSize?: number;
  /** Deadline of one request, from arrival to answer (504 after it). */
  timeoutMs?: number;
  /** Inference worker threads (each holds every model). */
  workers?: number;
  threads?: number;
  /** Largest accepted upload (413 beyond it); base64 JSON bodies may be 4/3 of this. */
  maxUploadBytes?: number;
  /** Largest accepted image in width x height (413 beyond it), checked from the header before decoding. */
  maxImagePixels?: number;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  logger?: Logger;
}

/** A served model as `GET /v1/models/{name}` describes it. */
export interface ModelInfo {
  name: string;
  /** The model card (class names, positive class, preprocessing, threshold, provenance). */
  card: ModelCard;
  engine: string;
  inputShape: readonly [number, number, 1 | 3];
  numClasses: number;
  /** URL of the .onnx file the page runs in the browser, or null when the model has no ONNX form. */
  onnxUrl: string | null;
  /** Whether predict?explain=true returns a heatmap for this model. */
  explain: boolean;
}

/** The answer of `POST /v1/models/{name}/predict`. */
export interface PredictResponse {
  model: string;
  /** Probability per class name, in the card's class order. */
  probabilities: Record<string, number>;
  /** The class decided at the model's operating point (threshold on the positive class for binary models, argmax otherwise). */
  prediction: string;
  decision: { rule: string; threshold: number | null; positiveClass: string | null };
  timing: { queueMs: number; decodeMs: number; computeMs: number; batchSize: number; totalMs: number };
  /** With `?explain=true` (models whose ModelInfo.explain is true): where in the image the decided class comes from. */
  heatmap?: PredictHeatmap;
}

/** The class activation map of one image, as `POST /v1/models/{name}/predict?explain=true` answers it. */
export interface PredictHeatmap {
  /** The model input size: `data` holds `width * height` values. */
  width: number;
  height: number;
  /** Row-major map at the model input size, min-max normalised to [0, 1] (all 0: no positive evidence). */
  data: number[];
  /** The explained class (the decided one) and its name. */
  classIndex: number;
  className: string;
  /** 'grad-cam' (tfjs LayersModel) or 'cam' (the ONNX `cam` output; equal to Grad-CAM for conv -> GAP -> dense). */
  method: string;
  /** The layer or feature tensor the map is computed on. */
  layer: string;
  /** Largest value of `lowRes` (0: no positive evidence for the class). */
  peak: number;
  /** The raw map on the feature grid (ReLU applied, not normalised), row-major `width * height`. */
  lowRes: { width: number; height: number; data: number[] };
  /** Base64 PNG: the preprocessed image with the map blended on in the jet colour map, probabilities and decision printed below. Absent with `overlay=false`. */
  overlayPng?: string;
}

/** A running server. */
export interface ModelServer {
  /** `http://host:port` it listens on. */
  url: string;
  port: number;
  /** Resolves when every model is loaded and warmed up (/health/ready turns true); rejects when loading fails. */
  ready: Promise<void>;
  /** Stops accepting requests, finishes queued and in-flight work, then stops the workers. */
  close(): Promise<void>;
}
