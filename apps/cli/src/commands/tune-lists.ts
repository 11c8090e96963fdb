import { ValidationError } from '@medimg/core';

/** Splits a comma-separated option value (`0.001,0.01`), dropping blanks. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A comma-separated list of finite numbers; the error names the option and the bad entries. */
export function parseNumberList(option: string, text: string): number[] {
  const items = parseList(String(text));
  const values = items.map(Number);
  const bad = items.filter((_, i) => !Number.isFinite(values[i]));
  if (items.length === 0 || bad.length > 0) {
    throw new ValidationError('medimg tune', [`${option} must be comma-separated numbers (e.g. 0.001,0.01); got ${JSON.stringify(text)}`]);
  }
  return values;
}
