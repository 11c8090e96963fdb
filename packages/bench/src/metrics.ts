import type { BenchMetric, BenchResult } from './types';

/** The comparable numbers of a result, keyed so the same case in two runs gets the same key. */
export function benchMetrics(result: BenchResult): BenchMetric[] {
  if (result.kind === 'training') {
    const base = `training/${result.model.label}/${result.model.inputShape.join('x')}/${result.backend}/b${result.batchSize}`;
    const out: BenchMetric[] = [{ key: `${base}/train-images-per-s`, value: result.trainImagesPerSecond, higherIsBetter: true }];
    if (result.forwardImagesPerSecond !== null) out.push({ key: `${base}/forward-images-per-s`, value: result.forwardImagesPerSecond, higherIsBetter: true });
    return out;
  }
  const base = `inference/${result.engine}/${result.precision}/${result.model.label}/${result.backend}`;
  const out: BenchMetric[] = [];
  for (const c of result.cases) {
    const key = `${base}/b${c.batchSize}/t${c.threads ?? 'default'}`;
    out.push({ key: `${key}/images-per-s`, value: c.throughput, higherIsBetter: true });
    out.push({ key: `${key}/p50-ms`, value: c.perBatchMs.p50, higherIsBetter: false });
  }
  for (const m of result.referenceKit?.minLatencyMsBatch1 ?? []) {
    out.push({ key: `${base}/t${m.threads ?? 'default'}/min-latency-b1-ms`, value: m.ms, higherIsBetter: false });
  }
  return out;
}
