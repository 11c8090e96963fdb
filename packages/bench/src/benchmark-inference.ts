import { OptionChecker, silentLogger, type ImageBatch } from '@medimg/core';
import { defaultClock } from './clock';
import { createEngine } from './engines/registry';
import { batchToFloats, noiseInput, tileImages } from './input';
import { processPeakRss, RssTracker } from './memory';
import { resultHeader } from './result-header';
import { scaleStats, summarize } from './stats';
import type { BenchmarkInferenceOptions, Clock, EngineInfo, InferenceCase, InferenceEngine, InferenceResult } from './types';

function validate(o: BenchmarkInferenceOptions): void {
  const v = new OptionChecker('benchmarkInference');
  v.string('engine', o.engine);
  v.check(o.model !== undefined && (o.model.path !== undefined || o.model.layersModel !== undefined), 'model needs a path or a layersModel');
  for (const b of o.batchSizes ?? [1]) v.int('batchSizes[]', b, 1, 4096);
  for (const t of o.threads ?? []) v.int('threads[]', t, 1, 256);
  v.check((o.batchSizes ?? [1]).length > 0, 'batchSizes must not be empty');
  v.int('warmup', o.warmup ?? 3, 0);
  v.int('trials', o.trials ?? 20, 1);
  v.number('minSeconds', o.minSeconds ?? 0, 0);
  v.int('maxTrials', o.maxTrials ?? 10000, 1);
  v.int('referenceRuns', o.referenceRuns ?? 100, 0);
  v.done();
}

async function timeRuns(engine: InferenceEngine, input: Float32Array, batchSize: number, n: number, minMs: number, maxN: number, clock: Clock, rss: RssTracker): Promise<{ times: number[]; totalMs: number }> {
  const times: number[] = [];
  const start = clock();
  while ((times.length < n || clock() - start < minMs) && times.length < maxN) {
    const t0 = clock();
    await engine.run(input, batchSize);
    times.push(clock() - t0);
    rss.sample();
  }
  return { times, totalMs: clock() - start };
}

/**
 * Benchmarks one model on one engine: for each thread count and batch size, `warmup` untimed runs then
 * at least `trials` timed runs (and at least `minSeconds`). Reports latency per batch and per image
 * (min/mean/p50/p90/p99), throughput, peak RSS, and the reference kit's figures (minimum latency over
 * `referenceRuns` runs at batch 1; latency = mean / batch size, throughput = 1 / latency).
 */
export async function benchmarkInference(options: BenchmarkInferenceOptions): Promise<InferenceResult> {
  validate(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? defaultClock;
  const batchSizes = options.batchSizes ?? [1];
  const warmup = options.warmup ?? 3;
  const trials = options.trials ?? 20;
  const minMs = (options.minSeconds ?? 0) * 1000;
  const maxTrials = options.maxTrials ?? 10000;
  const referenceRuns = options.referenceRuns ?? 100;
  const cases: InferenceCase[] = [];
  const minimums: { threads: number | null; ms: number }[] = [];
  let first: EngineInfo | null = null;
  const probe = createEngine(options.engine, engineOptions(options, options.threads?.[0]));
  const threadList: (number | undefined)[] = probe.supportsThreads && options.threads !== undefined && options.threads.length > 0 ? options.threads : [undefined];
  if (!probe.supportsThreads && options.threads !== undefined) logger.warn(`${options.engine}: thread count is fixed by the backend; threads sweep ignored`);
  for (const [index, threads] of threadList.entries()) {
    const engine = index === 0 ? probe : createEngine(options.engine, engineOptions(options, threads));
    const info = await engine.load();
    if (first === null) first = info;
    try {
      const imageSize = info.inputShape[0] * info.inputShape[1] * info.inputShape[2];
      const maxBatch = Math.max(...batchSizes);
      const base = options.input !== undefined ? batchToFloats(options.input as ImageBatch, info.pixelScale) : noiseInput(info.inputShape, maxBatch, options.seed ?? 0, info.pixelScale);
      for (const batchSize of batchSizes) {
        const input = tileImages(base, imageSize, batchSize);
        for (let i = 0; i < warmup; i++) await engine.run(input, batchSize);
        const rss = new RssTracker();
        const { times, totalMs } = await timeRuns(engine, input, batchSize, trials, minMs, maxTrials, clock, rss);
        const perBatchMs = summarize(times);
        const mean = perBatchMs.mean / batchSize;
        const result: InferenceCase = {
          batchSize,
          threads: info.threads,
          warmup,
          trials: times.length,
          seconds: totalMs / 1000,
          perBatchMs,
          perImageMs: scaleStats(perBatchMs, batchSize),
          throughput: (times.length * batchSize) / (totalMs / 1000),
          referenceKit: { latencyMs: mean, throughput: 1000 / mean },
          peakRssBytes: rss.peakBytes,
        };
        cases.push(result);
        logger.info(`${options.engine} batch ${batchSize} threads ${info.threads ?? 'default'}: ${result.throughput.toFixed(1)} images/s`, { batchSize, threads: info.threads });
        options.onCase?.(result);
      }
      if (referenceRuns > 0) {
        const one = tileImages(base, imageSize, 1);
        for (let i = 0; i < warmup; i++) await engine.run(one, 1);
        const { times } = await timeRuns(engine, one, 1, referenceRuns, 0, referenceRuns, clock, new RssTracker());
        minimums.push({ threads: info.threads, ms: Math.min(...times) });
      }
    } finally {
      await engine.dispose();
    }
  }
  const info = first as EngineInfo;
  return {
    ...resultHeader(),
    kind: 'inference',
    engine: options.engine,
    backend: probe.backend,
    precision: probe.precision,
    model: { label: info.modelLabel, hash: info.modelHash, inputShape: info.inputShape },
    cases,
    referenceKit: referenceRuns > 0 ? { runs: referenceRuns, minLatencyMsBatch1: minimums } : null,
    peakRssBytes: processPeakRss(),
  };
}

function engineOptions(o: BenchmarkInferenceOptions, threads: number | undefined): Parameters<typeof createEngine>[1] {
  const out: Parameters<typeof createEngine>[1] = { model: o.model };
  if (threads !== undefined) out.threads = threads;
  if (o.precision !== undefined) out.precision = o.precision;
  return out;
}
