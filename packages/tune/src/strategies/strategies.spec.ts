import { getStrategy, listStrategies, registerStrategy } from './registry';
import { registerBuiltinStrategies } from './builtins';
import { rungBudgets } from './halving';
import { createRanker } from '../objective';
import { searchSpaceFromLists } from '../space/search-space';
import type { StrategyOptions, Trial, TrialResult } from '../types';

registerBuiltinStrategies();
const rank = createRanker({ metric: 'auc', direction: 'maximize' });
const base: StrategyOptions = { space: searchSpaceFromLists({ lr: [0.001, 0.003, 0.01, 0.03], bs: [8, 16] }), epochs: 9, seed: 1, settings: {}, rank };

function score(trials: Trial[], f: (lr: number, budget: number) => number): TrialResult[] {
  return trials.map((t) => ({ ...t, status: 'ok', metrics: { auc: f(t.params['lr'] as number, t.budget) }, objective: f(t.params['lr'] as number, t.budget), seconds: 1, startedAt: '', finishedAt: '' }));
}

describe('strategies', () => {
  it('registers grid, random and halving by name', () => {
    expect(listStrategies()).toEqual(expect.arrayContaining(['grid', 'halving', 'random']));
    expect(() => getStrategy('bayes')).toThrow(/unknown strategy "bayes"/);
    registerStrategy('first-only', (o) => getStrategy('grid')({ ...o, space: { lr: { type: 'choice', values: [0.1] } } }));
    expect(getStrategy('first-only')(base).next([])).toHaveLength(1);
  });

  it('grid and random are one round; random is seeded and distinct', () => {
    const grid = getStrategy('grid')(base);
    expect(grid.next([])).toHaveLength(8);
    expect(grid.next([])).toEqual([]);
    const a = getStrategy('random')({ ...base, trials: 5 }).next([]);
    expect(getStrategy('random')({ ...base, trials: 5 }).next([])).toEqual(a);
    expect(new Set(a.map((t) => t.key)).size).toBe(5);
    // Asking for more than the space holds yields every distinct config once.
    expect(getStrategy('random')({ ...base, trials: 50 }).next([])).toHaveLength(8);
  });

  it('computes rung budgets', () => {
    expect(rungBudgets(9, 3, 1)).toEqual([1, 3, 9]);
    expect(rungBudgets(27, 3, 3)).toEqual([3, 9, 27]);
    expect(rungBudgets(5, 3, 1)).toEqual([2, 5]);
    expect(rungBudgets(5, 2, 1)).toEqual([1, 3, 5]);
    expect(rungBudgets(1, 3, 1)).toEqual([1]);
  });

  it('halving promotes the top 1/eta and skips failed trials', () => {
    const halving = getStrategy('halving')({ ...base, settings: { eta: 2 } });
    const f = (lr: number, budget: number) => -Math.abs(Math.log10(lr) + 2) + budget / 100;
    const rung0 = halving.next([]);
    expect(rung0.map((t) => t.budget)).toEqual(Array(8).fill(1));
    const results = score(rung0, f);
    // The best config by score fails at rung 0: it must not be promoted.
    const best = rank(results)[0] as TrialResult;
    results[results.indexOf(best)] = { ...best, status: 'failed', objective: null };
    const rung1 = halving.next(results);
    expect(rung1.map((t) => t.budget)).toEqual([2, 2, 2, 2]);
    expect(rung1.map((t) => t.key)).not.toContain(createKeyAt(best, 2));
    expect(rung1.every((t) => t.rung === 1)).toBe(true);
    const expected = rank(results.filter((r) => r.status === 'ok')).slice(0, 4).map((r) => r.params);
    expect(rung1.map((t) => t.params)).toEqual(expected);
    const rung2 = halving.next([...results, ...score(rung1, f)]);
    expect(rung2.map((t) => t.budget)).toEqual([5, 5]);
  });
});

function createKeyAt(r: TrialResult, budget: number): string {
  return getStrategy('grid')({ ...base, epochs: budget, space: searchSpaceFromLists(Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, [v]]))) }).next([])[0]?.key ?? '';
}
