import { hasErrorCode, MedimgError } from '@medimg/core';

/** A request the server refuses, with its HTTP status; the message names the problem and the fix. */
export class HttpError extends MedimgError {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super('E_HTTP', message);
  }
}

export const isHttpError = (e: unknown): e is HttpError => hasErrorCode(e, 'E_HTTP');
