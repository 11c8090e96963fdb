import { hasErrorCode, MedimgError } from './medimg-error';

/** An options object failed validation at a public entry point. Lists every problem at once. */
export class ValidationError extends MedimgError {
  readonly problems: readonly string[];
  constructor(where: string, problems: readonly string[]) {
    super('E_VALIDATION', `Error in ${where}: ${problems.length === 1 ? problems[0] : '\n  - ' + problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

export function isValidationError(value: unknown): value is ValidationError {
  return hasErrorCode(value, 'E_VALIDATION');
}
