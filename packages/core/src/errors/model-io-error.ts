import { hasErrorCode, MedimgError } from './medimg-error';

/** A model directory or file is missing, corrupt or of an unknown format. */
export class ModelIOError extends MedimgError {
  readonly path: string;
  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super('E_MODEL_IO', message, options);
    this.path = path;
  }
}

export function isModelIOError(value: unknown): value is ModelIOError {
  return hasErrorCode(value, 'E_MODEL_IO');
}
