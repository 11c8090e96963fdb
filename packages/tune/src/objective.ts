import type { Objective, Params, Trial, TrialResult } from './types';

/** Objective values closer than this count as a tie. */
export const TIE_TOLERANCE = 1e-9;

/**
 * Default compute of a trial, for tie-breaking: epochs x optimizer steps per epoch, i.e. `budget / batchSize`
 * (relative; an epoch at batch size b takes N / b steps), or `budget` when there is no numeric `batchSize` param.
 */
export function defaultComputeCost(trial: Pick<Trial, 'params' | 'budget'>): number {
  const batchSize = (trial.params as Params)['batchSize'];
  return typeof batchSize === 'number' && batchSize > 0 ? trial.budget / batchSize : trial.budget;
}

/**
 * Orders results best first: successful trials by the objective (in its direction), ties (within
 * TIE_TOLERANCE) by lower compute, then fewer seconds, then id; failed trials last, by id.
 */
export function createRanker(objective: Objective, computeCost: (trial: Pick<Trial, 'params' | 'budget'>) => number = defaultComputeCost) {
  const sign = objective.direction === 'maximize' ? -1 : 1;
  const compare = (a: TrialResult, b: TrialResult): number => {
    const aOk = a.status === 'ok' && a.objective !== null;
    const bOk = b.status === 'ok' && b.objective !== null;
    if (aOk !== bOk) return aOk ? -1 : 1;
    if (aOk && bOk) {
      const diff = (a.objective as number) - (b.objective as number);
      if (Math.abs(diff) > TIE_TOLERANCE) return sign * diff;
      const cost = computeCost(a) - computeCost(b);
      if (cost !== 0) return cost;
      if (a.seconds !== b.seconds) return a.seconds - b.seconds;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return (results: readonly TrialResult[]): TrialResult[] => [...results].sort(compare);
}

/** The objective value from a trial's metrics, or an error string when it is missing or not finite. */
export function objectiveValue(metrics: Record<string, number>, metric: string): number | string {
  const value = metrics[metric];
  if (value === undefined) return `metric ${JSON.stringify(metric)} missing from the trial's metrics (got ${Object.keys(metrics).join(', ') || 'none'})`;
  if (!Number.isFinite(value)) return `metric ${metric} is ${value}`;
  return value;
}
