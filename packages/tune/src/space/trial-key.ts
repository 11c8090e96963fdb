import { createHash } from 'node:crypto';
import type { Params, Trial } from '../types';

/** JSON with sorted keys, so the same params always hash the same. */
export function canonicalParams(params: Params): string {
  const sorted: Params = {};
  for (const name of Object.keys(params).sort()) sorted[name] = params[name] as Params[string];
  return JSON.stringify(sorted);
}

/** The stable key of a trial: sha256 of the canonical params and the budget (hex, 16 chars). */
export function trialKey(params: Params, budget: number): string {
  return createHash('sha256').update(`${canonicalParams(params)}|budget=${budget}`).digest('hex').slice(0, 16);
}

function label(params: Params): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}${String(value)}`)
    .join('_')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 48);
}

/** Builds a trial: id `<params>_e<budget>-<key8>` (a safe folder name), key from params + budget. */
export function createTrial(params: Params, budget: number, rung?: number): Trial {
  const key = trialKey(params, budget);
  const trial: Trial = { id: `${label(params)}_e${budget}-${key.slice(0, 8)}`, key, params: { ...params }, budget };
  if (rung !== undefined) trial.rung = rung;
  return trial;
}
