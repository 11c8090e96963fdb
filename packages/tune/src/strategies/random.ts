import { createRng } from '@medimg/core';
import { canonicalParams } from '../space/trial-key';
import { sampleParams } from '../space/sample';
import { createTrial } from '../space/trial-key';
import type { Params, SearchSpace, SearchStrategy, StrategyOptions } from '../types';

/** Default number of random configurations. */
export const DEFAULT_RANDOM_TRIALS = 10;

/**
 * `count` distinct random configurations from a seeded generator (same seed, same list). Stops early when the
 * space has fewer distinct configurations than asked for.
 */
export function sampleDistinct(space: SearchSpace, count: number, seed: number): Params[] {
  const rng = createRng(seed);
  const seen = new Set<string>();
  const out: Params[] = [];
  let misses = 0;
  while (out.length < count && misses < 100 * count) {
    const params = sampleParams(space, rng);
    const key = canonicalParams(params);
    if (seen.has(key)) {
      misses++;
      continue;
    }
    seen.add(key);
    out.push(params);
  }
  return out;
}

/** `trials` seeded random configurations at the full budget, in one round. */
export function randomStrategy(options: StrategyOptions): SearchStrategy {
  let issued = false;
  return {
    name: 'random',
    next() {
      if (issued) return [];
      issued = true;
      return sampleDistinct(options.space, options.trials ?? DEFAULT_RANDOM_TRIALS, options.seed).map((p) => createTrial(p, options.epochs));
    },
  };
}
