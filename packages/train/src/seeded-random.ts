import type { Rng } from '@medimg/core';

/**
 * Runs a synchronous `fn` with `Math.random` drawing from `rng`. tfjs seeds its unseeded random ops (dropout masks)
 * from `Math.random`, so this makes a training step reproducible without fixing one dropout mask for every step.
 */
export function withSeededRandom<T>(rng: Rng, fn: () => T): T {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
