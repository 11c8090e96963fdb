import { gridParams } from '../space/sample';
import { createTrial } from '../space/trial-key';
import type { SearchStrategy, StrategyOptions } from '../types';

/** Every grid configuration at the full budget, in one round. Number ranges take `gridPoints` points. */
export function gridStrategy(options: StrategyOptions): SearchStrategy {
  let issued = false;
  return {
    name: 'grid',
    next() {
      if (issued) return [];
      issued = true;
      return gridParams(options.space).map((params) => createTrial(params, options.epochs));
    },
  };
}
