import { ValidationError } from '@medimg/core';
import { gridParams, isDiscreteSpace } from '../space/sample';
import { createTrial } from '../space/trial-key';
import { sampleDistinct } from './random';
import type { Params, SearchStrategy, StrategyOptions, Trial, TrialResult } from '../types';

/** Default configurations when the space has number ranges. */
export const DEFAULT_HALVING_TRIALS = 9;

/**
 * The rung budgets in epochs, shortest first: `epochs / eta^i` (rounded) for every i where that is still
 * >= `minBudget`; the last rung is always `epochs`. E.g. epochs 9, eta 3 -> [1, 3, 9]; epochs 5, eta 3 -> [2, 5].
 */
export function rungBudgets(epochs: number, eta: number, minBudget: number): number[] {
  const budgets: number[] = [];
  for (let i = 0; epochs / eta ** i >= minBudget; i++) {
    const budget = Math.max(1, Math.round(epochs / eta ** i));
    if (!budgets.includes(budget)) budgets.unshift(budget);
  }
  return budgets.length > 0 ? budgets : [epochs];
}

function settingNumber(settings: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const value = settings[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ValidationError('halving strategy', [`${name} must be a number >= ${min}; got ${JSON.stringify(value)}`]);
  }
  return value;
}

/**
 * Successive halving (the inner loop of Hyperband): many configurations at a short budget; after each rung the
 * top 1/eta (at least one) of the successful trials are promoted to eta x the budget, up to `epochs`.
 * Settings: `eta` (default 3), `minBudget` in epochs (default 1). Configurations: the full grid when the space
 * is all choices and `trials` is not given, else `trials` seeded random draws (default 9).
 * A promoted trial retrains from scratch at the longer budget (same params, same seed).
 */
export function halvingStrategy(options: StrategyOptions): SearchStrategy {
  const eta = settingNumber(options.settings, 'eta', 3, 1.01);
  const minBudget = settingNumber(options.settings, 'minBudget', 1, 1);
  const budgets = rungBudgets(options.epochs, eta, Math.floor(minBudget));
  const configs: Params[] =
    options.trials === undefined && isDiscreteSpace(options.space)
      ? gridParams(options.space)
      : sampleDistinct(options.space, options.trials ?? DEFAULT_HALVING_TRIALS, options.seed);
  let rung = -1;
  let current: Trial[] = [];
  return {
    name: 'halving',
    next(results: readonly TrialResult[]): Trial[] {
      if (rung + 1 >= budgets.length) return [];
      if (rung === -1) {
        rung = 0;
        current = configs.map((p) => createTrial(p, budgets[0] as number, 0));
        return current;
      }
      const keys = new Set(current.map((t) => t.key));
      const finished = options.rank(results.filter((r) => keys.has(r.key) && r.status === 'ok'));
      const keep = Math.max(1, Math.floor(current.length / eta));
      const promoted = finished.slice(0, keep);
      if (promoted.length === 0) return [];
      rung++;
      current = promoted.map((r) => createTrial(r.params, budgets[rung] as number, rung));
      return current;
    },
  };
}
