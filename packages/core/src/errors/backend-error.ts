import { hasErrorCode, MedimgError } from './medimg-error';

/** No requested compute backend could be initialised. `attempts` holds why each one failed. */
export class BackendError extends MedimgError {
  readonly attempts: readonly { backend: string; error: string }[];
  constructor(message: string, attempts: readonly { backend: string; error: string }[]) {
    super('E_BACKEND', `${message}\n${attempts.map((a) => `  - ${a.backend}: ${a.error}`).join('\n')}`);
    this.attempts = attempts;
  }
}

export function isBackendError(value: unknown): value is BackendError {
  return hasErrorCode(value, 'E_BACKEND');
}
