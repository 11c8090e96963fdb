/** Compute backends medimg can run tfjs on, in order of preference. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/**
 * Per-image intensity normalisation applied after resizing, before the model (the same function in training,
 * evaluation and prediction: `normalizeIntensity` in @medimg/dataset). `percentile` stretches the 1st..99th
 * percentile of each image to 0..255; `equalize` is histogram equalisation; `none` leaves pixels as decoded.
 */
export type IntensityNormalization = 'none' | 'percentile' | 'equalize';
export const INTENSITY_NORMALIZATIONS: readonly IntensityNormalization[] = ['none', 'percentile', 'equalize'];

/** How an image becomes a model input. Saved with every model so inference matches training. */
export interface Preprocessing {
  /** Square side in pixels the image is resized to. */
  imageSize: number;
  /** 1 = grayscale, 3 = RGB. */
  channels: 1 | 3;
  /** `stretch` ignores aspect ratio (the reference kit); `letterbox` pads to keep it. */
  resize: 'stretch' | 'letterbox';
  /**
   * Where pixels are scaled. `in-graph`: the model's first op rescales raw values (a Keras-style Rescaling layer), so
   * every runtime feeds the raw pixel values 0..255 as float32. `unit` (models saved before the model card): the
   * caller divides by 255 before feeding. Use core's `modelInput` / `modelInputTensor` rather than scaling by hand.
   */
  scale: 'unit' | 'in-graph';
  /** Per-image intensity normalisation before scaling; absent means `none` (models saved before it existed). */
  normalize?: IntensityNormalization;
  /**
   * How high-bit-depth gray values (DICOM, 16-bit PNG) become display levels before the resize. Default 'auto': a
   * DICOM file's first VOI window (else its value range), a 16-bit PNG's nominal 0..65535; 'full': the value range
   * present in each image; `{ center, width }`: that window (DICOM: in modality units, after Rescale Slope/Intercept).
   * 8-bit JPEG/PNG are unaffected.
   */
  window?: WindowSetting;
}

/** See `Preprocessing.window`. */
export type WindowSetting = 'auto' | 'full' | { center: number; width: number };

/** @deprecated The model card replaced it: use `ModelCard` (this alias keeps older code compiling). */
export type ModelMetadata = import('./model-card/types').ModelCard;

/** Result of engine selection; apps print it, results files record it. */
export interface BackendInfo {
  name: BackendName;
  /** Whether the wasm backend runs with SIMD (only meaningful for wasm). */
  simd?: boolean;
  /** Backends tried before this one and why they failed. */
  skipped: { backend: BackendName; error: string }[];
}

export interface SelectBackendOptions {
  /**
   * `auto` (default) tries tensorflow (tfjs-node), then wasm, then cpu. A named backend is required:
   * failure to load it is an error. The `MEDIMG_BACKEND` environment variable overrides `auto`.
   */
  backend?: BackendName | 'auto';
  /** Receives which backend was chosen and why others were skipped. */
  logger?: import('./logger').Logger;
}
