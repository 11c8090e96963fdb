/** A layer (or model shape) the onnxruntime training engine cannot lower; `auto` falls back to tfjs on it. */
export class UnsupportedForEngineError extends Error {
  constructor(readonly layerName: string, readonly className: string, readonly reason: string) {
    super(`Error in the onnxruntime training engine: layer ${layerName} (${className}) cannot be trained there: ${reason}. Fix: train with --engine tfjs.`);
    this.name = 'UnsupportedForEngineError';
  }
}

export function isUnsupportedForEngineError(e: unknown): e is UnsupportedForEngineError {
  return e instanceof UnsupportedForEngineError;
}
