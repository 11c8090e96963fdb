import { ValidationError } from '@medimg/core';

/** Parses a policy's numeric argument, in [min, max]; the error names the policy and an example. */
export function parseArgument(kind: string, argument: string | undefined, min: number, max: number, example: string): number {
  const value = argument === undefined || argument.trim() === '' ? NaN : Number(argument);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError('thresholdPolicy', [`${kind} needs a number in [${min}, ${max}] after the colon; got ${JSON.stringify(argument ?? '')}. Fix: e.g. ${example}`]);
  }
  return value;
}
