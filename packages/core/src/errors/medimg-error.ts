/** Base class of every error medimg libraries throw; `code` is stable for programs, `message` says where, what and the fix. */
export class MedimgError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isMedimgError(value: unknown): value is MedimgError {
  return value instanceof MedimgError;
}
