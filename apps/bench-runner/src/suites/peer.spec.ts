import { summarize, type TrainingResult } from '@medimg/bench';
import type { TorchResult } from '../peer/torch';
import { peerRows } from './peer';

const stats = summarize([1]);

function ours(engine: string, backend: string, imgPerSec: number): TrainingResult {
  return {
    kind: 'training', label: 'x', createdAt: '', machine: {} as TrainingResult['machine'], model: { label: 'compact-cnn@128x128x1', params: 291_000, inputShape: [128, 128, 1], classes: 2 },
    backend, engine, batchSize: 32, microBatchSize: 32, steps: 3, warmupSteps: 1, optimizer: 'adam', stepMs: stats, trainImagesPerSecond: imgPerSec,
    forwardMs: null, forwardImagesPerSecond: null, loss: { first: 1, last: 0.5 }, peakRssBytes: 0,
  } as unknown as TrainingResult;
}

describe('peer rows', () => {
  it('pairs each PyTorch measurement with every medimg engine on the same network, with both parameter counts', () => {
    const torch: TorchResult[] = [
      { caseId: 'compact-128', framework: 'pytorch', version: '1.13.1', threads: 2, params: 291_000, batchSize: 32, stepMs: stats, trainImagesPerSecond: 200, forwardMs: null, forwardImagesPerSecond: null, loadAverage1m: 1 },
      { caseId: 'compact-128', framework: 'pytorch', version: '1.13.1', threads: 1, params: 291_000, batchSize: 32, stepMs: stats, trainImagesPerSecond: 120, forwardMs: null, forwardImagesPerSecond: null, loadAverage1m: 1 },
    ];
    const rows = peerRows(torch, [ours('onnxruntime', 'onnxruntime-node cpu, 2 threads', 250), ours('tfjs', 'wasm', 30)]);
    expect(rows).toHaveLength(4);
    const ort2 = rows.find((r) => r.engine === 'onnxruntime' && r.peerThreads === 2);
    expect(ort2).toMatchObject({ network: 'compact-cnn@128x128x1', paramsMedimg: 291_000, paramsPeer: 291_000, medimgTrainImgPerSec: 250, peerTrainImgPerSec: 200 });
    expect(ort2?.trainRatio).toBeCloseTo(1.25, 6);
    expect(rows.find((r) => r.engine === 'tfjs' && r.peerThreads === 1)?.trainRatio).toBeCloseTo(0.25, 6);
  });
});
