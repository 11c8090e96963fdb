import type { TrainingResult } from '@medimg/bench';
import type { TorchResult } from '../peer/torch';
import { ratioTable } from './peer';

const stats = { count: 3, min: 100, mean: 100, p50: 100, p90: 100, p99: 100, max: 100, std: 0 };
const torch = (paramsPeer: number): TorchResult => ({
  caseId: 'compact-128', framework: 'pytorch', version: '1.13', threads: 1, paramsMedimg: 295_066, paramsPeer, batchSize: 32,
  stepMs: stats, trainImagesPerSecond: 200, forwardMs: stats, forwardImagesPerSecond: 800, loadAverage1m: 1,
});
const ours = { model: { label: 'compact-cnn@128x128x1', params: 296_042, inputShape: [128, 128, 1], classes: 2 }, backend: 'wasm', batchSize: 32, trainImagesPerSecond: 50, forwardImagesPerSecond: 400 } as unknown as TrainingResult;

describe('peer ratio table', () => {
  it('prints both trainable parameter counts and the ratio when they are equal', () => {
    const row = ratioTable([torch(295_066)], [ours]).split('\n')[2]!;
    expect(row).toBe('| compact-cnn@128x128x1 | 295066 | 295066 | 32 | 1 | 200.00 | 800.00 | wasm | 32 | 50.00 | 0.250 | 400.00 | 0.500 |');
  });

  it('refuses a ratio when the networks differ', () => {
    const row = ratioTable([torch(467_122)], [ours]).split('\n')[2]!;
    expect(row).toContain('| 295066 | 467122 |');
    expect(row.match(/refused: params differ/g)).toHaveLength(2);
    expect(row).not.toMatch(/0\.250|0\.500/);
  });
});
