import { registerStrategy } from './registry';
import { gridStrategy } from './grid';
import { randomStrategy } from './random';
import { halvingStrategy } from './halving';

/** Registers `grid`, `random` and `halving`. Runs on import of the package. */
export function registerBuiltinStrategies(): void {
  registerStrategy('grid', gridStrategy);
  registerStrategy('random', randomStrategy);
  registerStrategy('halving', halvingStrategy);
}
