import { createRanker, defaultComputeCost, objectiveValue } from './objective';
import { createTrial } from './space/trial-key';
import type { Params, TrialResult } from './types';

function r(params: Params, budget: number, objective: number | null, seconds = 10): TrialResult {
  const t = createTrial(params, budget);
  return { ...t, status: objective === null ? 'failed' : 'ok', metrics: objective === null ? {} : { auc: objective }, objective, seconds, startedAt: '', finishedAt: '' };
}

describe('ranking', () => {
  it('sorts by the objective in its direction, failed trials last', () => {
    const results = [r({ lr: 1 }, 5, 0.7), r({ lr: 2 }, 5, null), r({ lr: 3 }, 5, 0.9), r({ lr: 4 }, 5, 0.8)];
    expect(createRanker({ metric: 'auc', direction: 'maximize' })(results).map((x) => x.objective)).toEqual([0.9, 0.8, 0.7, null]);
    expect(createRanker({ metric: 'auc', direction: 'minimize' })(results).map((x) => x.objective)).toEqual([0.7, 0.8, 0.9, null]);
  });

  it('breaks ties by lower compute (epochs / batch size), then fewer seconds', () => {
    const slow = r({ lr: 0.01, batchSize: 10 }, 5, 0.9, 5);
    const bigBatch = r({ lr: 0.01, batchSize: 20 }, 5, 0.9, 50);
    const fewerEpochs = r({ lr: 0.001, batchSize: 10 }, 2, 0.9 + 1e-12, 60);
    expect(defaultComputeCost(slow)).toBe(0.5);
    expect(defaultComputeCost(bigBatch)).toBe(0.25);
    expect(defaultComputeCost(fewerEpochs)).toBe(0.2);
    const rank = createRanker({ metric: 'auc', direction: 'maximize' });
    expect(rank([slow, bigBatch, fewerEpochs])).toEqual([fewerEpochs, bigBatch, slow]);
    const quick = r({ lr: 0.01, batchSize: 10 }, 5, 0.9, 4);
    expect(rank([slow, quick])[0]).toBe(quick);
    // A real difference in the objective beats compute.
    const better = r({ lr: 0.1, batchSize: 10 }, 50, 0.91, 500);
    expect(rank([fewerEpochs, better])[0]).toBe(better);
  });

  it('reads the objective metric, or says why it cannot', () => {
    expect(objectiveValue({ auc: 0.8, accuracy: 0.7 }, 'accuracy')).toBe(0.7);
    expect(objectiveValue({ auc: 0.8 }, 'f1')).toMatch(/"f1" missing .* auc/);
    expect(objectiveValue({ auc: NaN }, 'auc')).toMatch(/NaN/);
  });
});
