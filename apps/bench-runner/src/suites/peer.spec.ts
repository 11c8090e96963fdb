import { summarize, type TrainingResult } from '@medimg/bench';
import type { TorchResult } from '../peer/torch';
import { peerRows, ratioTable } from './peer';

const stats = summarize([100, 100, 100]);

function ours(engine: string, backend: string, trainImgPerSec: number, forwardImgPerSec: number | null = null): TrainingResult {
  return {
    kind: 'training', label: 'x', createdAt: '', machine: {} as TrainingResult['machine'], model: { label: 'compact-cnn@128x128x1', params: 296_042, inputShape: [128, 128, 1], classes: 2 },
    backend, engine, batchSize: 32, microBatchSize: 32, steps: 3, warmupSteps: 1, optimizer: 'adam', stepMs: stats, trainImagesPerSecond: trainImgPerSec,
    forwardMs: null, forwardImagesPerSecond: forwardImgPerSec, loss: { first: 1, last: 0.5 }, peakRssBytes: 0,
  } as unknown as TrainingResult;
}

const torch = (threads: number, trainImgPerSec: number, paramsPeer = 295_066): TorchResult => ({
  caseId: 'compact-128', framework: 'pytorch', version: '1.13.1', threads, paramsMedimg: 295_066, paramsPeer, batchSize: 32,
  stepMs: stats, trainImagesPerSecond: trainImgPerSec, forwardMs: stats, forwardImagesPerSecond: 800, loadAverage1m: 1,
});

describe('peer rows', () => {
  it('pairs each PyTorch measurement with every medimg engine on the same network, with both trainable parameter counts', () => {
    const rows = peerRows([torch(2, 200), torch(1, 120)], [ours('onnxruntime', 'onnxruntime-node cpu, 2 threads', 250), ours('tfjs', 'wasm', 30)]);
    expect(rows).toHaveLength(4);
    const ort2 = rows.find((r) => r.engine === 'onnxruntime' && r.peerThreads === 2);
    expect(ort2).toMatchObject({ network: 'compact-cnn@128x128x1', paramsMedimg: 295_066, paramsPeer: 295_066, medimgTrainImgPerSec: 250, peerTrainImgPerSec: 200 });
    expect(ort2?.trainRatio).toBeCloseTo(1.25, 6);
    expect(rows.find((r) => r.engine === 'tfjs' && r.peerThreads === 1)?.trainRatio).toBeCloseTo(0.25, 6);
    expect(peerRows([torch(1, 120, 467_122)], [ours('tfjs', 'wasm', 30)])[0]?.trainRatio).toBeNull();
  });

  it('prints both counts and the ratio in the table when they are equal, and refuses it when they differ', () => {
    const row = ratioTable([torch(1, 200)], [ours('tfjs', 'wasm', 50, 400)]).split('\n')[2]!;
    expect(row).toBe('| compact-cnn@128x128x1 | 295066 | 295066 | 32 | 1 | 200.00 | 800.00 | tfjs | wasm | 32 | 50.00 | 0.250 | 400.00 | 0.500 |');
    const refused = ratioTable([torch(1, 200, 467_122)], [ours('tfjs', 'wasm', 50, 400)]).split('\n')[2]!;
    expect(refused).toContain('| 295066 | 467122 |');
    expect(refused.match(/refused: params differ/g)).toHaveLength(2);
    expect(refused).not.toMatch(/0\.250|0\.500/);
  });
});
