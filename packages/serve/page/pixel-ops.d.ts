// @medimg/dataset's worker/pixel-ops.cjs, bundled into the page by tsup.config.ts (alias `medimg-pixel-ops`).
declare module 'medimg-pixel-ops' {
  export interface RawPixels {
    data: ArrayLike<number>;
    width: number;
    height: number;
    channels: number;
    sourceWidth?: number;
    sourceHeight?: number;
  }
  /** Decoded pixels (1..4 channels, HWC) to the model input, HWC uint8 of imageSize x imageSize x channels. */
  export function preprocessRaw(raw: RawPixels, options: { imageSize: number; channels: 1 | 3; resize: 'stretch' | 'letterbox' }): Uint8Array;
}

// @medimg/dataset's src/pixels/intensity-normalization.ts, bundled into the page (alias `medimg-intensity-normalization`).
declare module 'medimg-intensity-normalization' {
  export function normalizeIntensity(img: Uint8Array, method: 'none' | 'percentile' | 'equalize'): Uint8Array;
}
