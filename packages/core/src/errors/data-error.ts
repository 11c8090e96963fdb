import { hasErrorCode, MedimgError } from './medimg-error';

/** A dataset (folder, image, cache) is missing or malformed. The message names the path and the fix. */
export class DataError extends MedimgError {
  readonly path: string | undefined;
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super('E_DATA', message, options);
    this.path = path;
  }
}

export function isDataError(value: unknown): value is DataError {
  return hasErrorCode(value, 'E_DATA');
}
