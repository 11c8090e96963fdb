import { entropyCalibrator } from './entropy';
import { minMaxCalibrator } from './minmax';
import { percentileCalibrator } from './percentile';
import { registerCalibrator } from './registry';

/** Registers minmax, percentile and entropy (called on import of the package). */
export function registerBuiltinCalibrators(): void {
  registerCalibrator('minmax', minMaxCalibrator);
  registerCalibrator('percentile', percentileCalibrator);
  registerCalibrator('entropy', entropyCalibrator);
}
