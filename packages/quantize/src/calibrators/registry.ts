import { ValidationError } from '@medimg/core';
import type { Calibrator } from '../types';

const calibrators = new Map<string, Calibrator>();

/** Registers a calibration method under a name (replaces one of the same name). */
export function registerCalibrator(name: string, calibrator: Calibrator): void {
  calibrators.set(name, calibrator);
}

/** The calibrator registered under `name`; throws a ValidationError listing the known names otherwise. */
export function getCalibrator(name: string): Calibrator {
  const found = calibrators.get(name);
  if (found === undefined) {
    throw new ValidationError('getCalibrator', [`unknown calibration method ${JSON.stringify(name)}; registered: ${listCalibrators().join(', ')}. Fix: pick one of those or registerCalibrator() yours first`]);
  }
  return found;
}

export function listCalibrators(): string[] {
  return [...calibrators.keys()].sort();
}
