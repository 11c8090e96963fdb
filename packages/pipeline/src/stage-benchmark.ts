import { join } from 'node:path';
import { writeFileAtomic } from '@medimg/core';
import { benchmarkInference, type InferenceResult } from '@medimg/bench';
import type { PipelineSettings } from './settings';

export interface BenchmarkRow {
  engine: string;
  batchSize: number;
  threads: number;
  latencyMs: number;
  throughput: number;
  p90Ms: number;
}

export interface BenchmarkStageResult {
  rows: BenchmarkRow[];
  /** Reference-kit figure: minimum latency over 100 runs at batch 1, per engine (ms). */
  minLatencyBatch1Ms: Record<string, number>;
  results: InferenceResult[];
}

/** Times the FP32 and INT8 ONNX models in onnxruntime and the frozen GraphModel on the tfjs backend. */
export async function benchmarkStage(s: PipelineSettings, stageDir: string, models: { fp32Onnx: string; int8Onnx: string; graphModelDir: string }): Promise<BenchmarkStageResult> {
  const threads = Math.max(1, Math.min(2, (await import('node:os')).cpus().length));
  const cases: { label: string; engine: string; path: string; precision: string; threads?: number[] }[] = [
    { label: 'tfjs GraphModel FP32', engine: 'tfjs-graph', path: models.graphModelDir, precision: 'fp32' },
    { label: 'onnxruntime FP32', engine: 'onnxruntime', path: models.fp32Onnx, precision: 'fp32', threads: [threads] },
    { label: 'onnxruntime INT8', engine: 'onnxruntime', path: models.int8Onnx, precision: 'int8', threads: [threads] },
  ];
  const rows: BenchmarkRow[] = [];
  const results: InferenceResult[] = [];
  const minLatencyBatch1Ms: Record<string, number> = {};
  for (const c of cases) {
    const result = await benchmarkInference({
      engine: c.engine,
      model: { path: c.path, label: c.label },
      precision: c.precision,
      batchSizes: s.benchBatchSizes,
      ...(c.threads !== undefined ? { threads: c.threads } : {}),
      warmup: 3,
      trials: 20,
      referenceRuns: 100,
      seed: s.seed,
      logger: s.logger,
    });
    results.push(result);
    for (const k of result.cases) {
      rows.push({ engine: c.label, batchSize: k.batchSize, threads: k.threads ?? threads, latencyMs: k.perBatchMs.mean, throughput: k.throughput, p90Ms: k.perBatchMs.p90 });
    }
    const min = result.referenceKit?.minLatencyMsBatch1[0]?.ms;
    if (min !== undefined) minLatencyBatch1Ms[c.label] = min;
    s.logger.info(`[benchmark] ${c.label}: ${result.cases.map((k) => `batch ${k.batchSize} ${k.throughput.toFixed(1)} img/s`).join(', ')}`);
  }
  const out = { rows, minLatencyBatch1Ms, results };
  await writeFileAtomic(join(stageDir, 'results.json'), JSON.stringify(out, null, 2));
  return out;
}
