import { basename, extname } from 'node:path';

/**
 * Recognises Kermany chest X-ray names: `person123_bacteria_456.jpeg` -> person123, `IM-0115-0001.jpeg` -> IM-0115,
 * `NORMAL2-IM-0095-0001.jpeg` -> NORMAL2-IM-0095. Group 1 is the patient ID.
 */
export const DEFAULT_PATIENT_PATTERN = /^(person\d+|(?:NORMAL\d*-)?IM-\d+)[-_]/i;

/** The patient ID of a file (group 1 of `pattern`, else the whole match), or the file name itself when the pattern does not match. */
export function patientIdOf(path: string, pattern: RegExp = DEFAULT_PATIENT_PATTERN): string {
  const name = basename(path);
  const m = pattern.exec(name);
  if (!m) return `file:${basename(name, extname(name))}`;
  return (m[1] ?? m[0]).toLowerCase();
}
