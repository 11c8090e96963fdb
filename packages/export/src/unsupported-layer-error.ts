import { hasErrorCode, MedimgError } from '@medimg/core';

/** A layer (or layer setting) the exporters cannot convert; thrown before anything is written. */
export class UnsupportedLayerError extends MedimgError {
  readonly layerName: string;
  readonly className: string;
  constructor(layerName: string, className: string, reason: string) {
    super(
      'E_UNSUPPORTED_LAYER',
      `Error exporting model: layer "${layerName}" (${className}) cannot be converted: ${reason}. ` +
        'Fix: replace it with a supported layer (Conv2D, Dense, MaxPooling2D, AveragePooling2D, Global{Average,Max}Pooling2D, ' +
        'BatchNormalization, ReLU, LeakyReLU, Activation, Softmax, Flatten, Dropout) or keep the tfjs LayersModel.',
    );
    this.layerName = layerName;
    this.className = className;
  }
}

export function isUnsupportedLayerError(value: unknown): value is UnsupportedLayerError {
  return hasErrorCode(value, 'E_UNSUPPORTED_LAYER');
}
