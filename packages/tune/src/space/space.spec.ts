import { createRng, isValidationError } from '@medimg/core';
import { gridParams, sampleParams, gridValues } from './sample';
import { searchSpaceFromLists, validateSearchSpace } from './search-space';
import { createTrial, trialKey } from './trial-key';
import { presets } from '../presets';
import type { SearchSpace } from '../types';

describe('search space', () => {
  it('enumerates the refkit grid, last key fastest', () => {
    expect(gridParams(presets['refkit']?.space ?? {})).toEqual([
      { lr: 0.001, batchSize: 10 },
      { lr: 0.001, batchSize: 20 },
      { lr: 0.01, batchSize: 10 },
      { lr: 0.01, batchSize: 20 },
    ]);
  });

  it('spaces grid points linearly or in log space, integers rounded', () => {
    expect(gridValues({ type: 'number', min: 1e-4, max: 1e-2, scale: 'log' })).toEqual([1e-4, 1e-3, 1e-2]);
    expect(gridValues({ type: 'number', min: 8, max: 32, integer: true, gridPoints: 4 })).toEqual([8, 16, 24, 32]);
  });

  it('samples within bounds, seeded, log scale spreading over decades', () => {
    const space: SearchSpace = { lr: { type: 'number', min: 1e-5, max: 1e-1, scale: 'log' }, bs: { type: 'number', min: 4, max: 64, integer: true }, opt: { type: 'choice', values: ['adam', 'sgd'] } };
    const draw = (seed: number) => Array.from({ length: 400 }, ((rng) => () => sampleParams(space, rng))(createRng(seed)));
    const a = draw(3);
    expect(draw(3)).toEqual(a);
    expect(draw(4)).not.toEqual(a);
    const lrs = a.map((p) => p['lr'] as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-5);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1e-1);
    // Uniform in log10: about a quarter of draws per decade.
    const below1e3 = lrs.filter((x) => x < 1e-3).length / lrs.length;
    expect(below1e3).toBeGreaterThan(0.4);
    expect(below1e3).toBeLessThan(0.6);
    expect(a.every((p) => Number.isInteger(p['bs']))).toBe(true);
    expect(new Set(a.map((p) => p['opt']))).toEqual(new Set(['adam', 'sgd']));
  });

  it('keys trials by params + budget regardless of key order', () => {
    expect(trialKey({ a: 1, b: 'x' }, 5)).toBe(trialKey({ b: 'x', a: 1 }, 5));
    expect(trialKey({ a: 1 }, 5)).not.toBe(trialKey({ a: 1 }, 6));
    expect(createTrial({ lr: 0.001, batchSize: 10 }, 5).id).toMatch(/^lr0\.001_batchSize10_e5-[0-9a-f]{8}$/);
  });

  it('rejects bad spaces naming every problem', () => {
    expect(() => searchSpaceFromLists({ lr: [] })).toThrow(/space\.lr\.values must be a non-empty list/);
    let caught: unknown;
    try {
      validateSearchSpace({ lr: { type: 'number', min: 0, max: 1, scale: 'log' }, bs: { type: 'number', min: 5, max: 1 } }, 'test');
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught) && caught.problems.length).toBe(2);
  });
});
