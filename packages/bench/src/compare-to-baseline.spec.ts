import { compareToBaseline } from './compare-to-baseline';
import { machineInfo } from './machine';
import { summarize } from './stats';
import type { InferenceResult, TrainingResult } from './types';

function training(imagesPerSecond: number): TrainingResult {
  const step = summarize([16000 / imagesPerSecond]);
  return {
    schema: 'medimg-bench@1',
    createdAt: '2025-01-01T00:00:00.000Z',
    machine: machineInfo(),
    kind: 'training',
    model: { label: 'net', params: 10, inputShape: [128, 128, 1], classes: 2 },
    backend: 'wasm',
    batchSize: 16,
    microBatchSize: 16,
    steps: 1,
    warmupSteps: 1,
    optimizer: 'adam',
    stepMs: step,
    trainImagesPerSecond: imagesPerSecond,
    forwardMs: null,
    forwardImagesPerSecond: null,
    loss: { first: 1, last: 1 },
    peakRssBytes: 1,
  };
}

function inference(p50: number, throughput: number): InferenceResult {
  const stats = summarize([p50]);
  return {
    schema: 'medimg-bench@1',
    createdAt: '2025-01-01T00:00:00.000Z',
    machine: machineInfo(),
    kind: 'inference',
    engine: 'onnxruntime',
    backend: 'onnxruntime-cpu',
    precision: 'fp32',
    model: { label: 'm.onnx', hash: 'abc', inputShape: [4, 4, 1] },
    cases: [{ batchSize: 1, threads: 1, warmup: 1, trials: 1, seconds: 1, perBatchMs: stats, perImageMs: stats, throughput, referenceKit: { latencyMs: p50, throughput }, peakRssBytes: 1 }],
    referenceKit: null,
    peakRssBytes: 1,
  };
}

describe('compareToBaseline', () => {
  it('flags a 30% slowdown and not a 5% one (noise 10%)', () => {
    const slow = compareToBaseline([training(7)], [training(10)], { noise: 0.1 });
    expect(slow.regressions.map((r) => r.key)).toEqual(['training/net/128x128x1/wasm/b16/train-images-per-s']);
    expect(slow.regressions[0]?.change).toBeCloseTo(-0.3, 10);
    const noisy = compareToBaseline([training(9.5)], [training(10)], { noise: 0.1 });
    expect(noisy.regressions).toEqual([]);
    expect(noisy.changes[0]?.status).toBe('unchanged');
  });

  it('treats latency as lower-is-better and reports improvements, new and missing keys', () => {
    const c = compareToBaseline([inference(13, 77), training(10)], [inference(10, 100)]);
    expect(c.regressions.map((r) => r.key.split('/').pop())).toEqual(['images-per-s', 'p50-ms']);
    expect(c.added).toEqual(['training/net/128x128x1/wasm/b16/train-images-per-s']);
    const better = compareToBaseline([inference(5, 200)], [inference(10, 100), training(10)]);
    expect(better.changes.map((x) => x.status)).toEqual(['improvement', 'improvement']);
    expect(better.missing).toEqual(['training/net/128x128x1/wasm/b16/train-images-per-s']);
  });

  it('validates the noise threshold', () => {
    expect(() => compareToBaseline([], [], { noise: -1 })).toThrow(/noise must be a number/);
  });
});
