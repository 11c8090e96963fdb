/** Marks medimg errors across package copies (ESM and CJS builds, duplicated installs), where `instanceof` fails. */
const BRAND = Symbol.for('@medimg/core/MedimgError');

/** Base class of every error medimg libraries throw; `code` is stable for programs, `message` says where, what and the fix. */
export class MedimgError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function isMedimgError(value: unknown): value is MedimgError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `value` is a medimg error with this code (works across package copies). */
export function hasErrorCode(value: unknown, code: string): boolean {
  return isMedimgError(value) && value.code === code;
}
