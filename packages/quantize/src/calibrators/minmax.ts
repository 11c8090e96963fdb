import type { Calibrator } from '../types';

/** The observed minimum and maximum (onnxruntime's and Intel Neural Compressor's default). */
export const minMaxCalibrator: Calibrator = {
  needsHistogram: false,
  computeRange: (stats) => ({ min: stats.min, max: stats.max }),
};
