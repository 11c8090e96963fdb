import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@medimg/core';
import { machineInfo, machineLine } from '@medimg/bench';
import { writeModelFiles } from '../inference-models';
import { buildNet } from '../nets';
import { loadOptional } from '../optional';
import { loadLine } from '../run-info';
import type { Suite, SuiteContext, SuiteOutput } from '../types';

/** The part of autocannon's programmatic API and result this suite uses (the package has no types). */
interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (o: { url: string; method: string; headers: Record<string, string>; body: Buffer; connections: number; duration: number }) => Promise<AutocannonResult>;

interface ServeRow {
  /** Network and input shape, e.g. compact-cnn@128x128x1. */
  model: string;
  precision: 'FP32' | 'INT8';
  /** What the requests asked for beside the probabilities: the heatmap and its overlay PNG (predict?explain=true), the map only (&overlay=false). */
  explain: 'no' | 'yes' | 'map only';
  batching: 'on' | 'off';
  maxBatch: number;
  concurrency: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanBatch: number;
  /** onnxruntime time per image inside the server (medimg_compute_seconds / images), the reference kit's quantity. */
  modelMsPerImage: number;
  failed: number;
}

async function batchStats(url: string): Promise<{ sum: number; count: number; compute: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string): number => Number(text.split('\n').find((l) => l.startsWith(name))?.split(' ').pop() ?? 0);
  return { sum: read('medimg_batch_size_sum'), count: read('medimg_batch_size_count'), compute: read('medimg_compute_seconds_sum') };
}

/** One configuration: a server with `maxBatch`, autocannon at each concurrency. */
interface ServeCase {
  model: string;
  precision: 'FP32' | 'INT8';
  file: string;
  maxBatch: number;
  explain: 'no' | 'yes' | 'map only';
  concurrencies: readonly number[];
}

export const serveSuite: Suite = {
  name: 'serve',
  describe: 'medimg serve on loopback under autocannon: p50/p99 latency and throughput at concurrency 1, 8, 32, batching on/off, FP32/INT8',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const serve = await loadOptional('@medimg/serve', ['startServer']);
    const ds = await loadOptional('@medimg/dataset', ['generateSyntheticXrays']);
    if ('reason' in serve || 'reason' in ds) return { markdown: `## Serving\n\nSkipped: ${'reason' in serve ? serve.reason : (ds as { reason: string }).reason}.`, json: { skipped: true } };
    const autocannon = createRequire(__filename)('autocannon') as Autocannon;
    const startServer = serve.mod['startServer'] as (o: Record<string, unknown>) => Promise<{ url: string; ready: Promise<void>; close(): Promise<void> }>;
    const dir = await mkdtemp(join(tmpdir(), 'medimg-bench-serve-'));
    const duration = ctx.quick ? 2 : 8;
    const threads = Math.max(1, availableParallelism() - 1);
    const rows: ServeRow[] = [];
    try {
      await selectBackend({ backend: 'cpu', logger: ctx.logger });
      const shape = [128, 128, 1] as [number, number, number];
      const model = buildNet('compact-cnn', shape);
      const files = await writeModelFiles(model, 'compact-cnn', shape, join(dir, 'compact'), ctx.logger);
      model.dispose();
      // The reference kit's network and input (its 11.7 ms/image anchor is INT8 at batch 1): model time only, one row.
      const refShape = [300, 300, 3] as [number, number, number];
      const ref = buildNet('refkit-cnn', refShape);
      const refFiles = await writeModelFiles(ref, 'refkit-cnn', refShape, join(dir, 'refkit'), ctx.logger);
      ref.dispose();
      await (ds.mod['generateSyntheticXrays'] as (o: Record<string, unknown>) => Promise<unknown>)({ outDir: join(dir, 'img'), perClass: 1, size: 224, seed: 1, splits: { train: 0, val: 0, test: 1 } });
      const imageDir = join(dir, 'img', 'test', 'PNEUMONIA');
      const body = await readFile(join(imageDir, (await readdir(imageDir))[0] as string));
      const cases: ServeCase[] = [];
      const compact = 'compact-cnn@128x128x1';
      for (const [precision, file] of [['FP32', files.onnxFile], ['INT8', files.int8File]] as const) {
        if (typeof file !== 'string') continue;
        for (const maxBatch of [16, 1]) cases.push({ model: compact, precision, file, maxBatch, explain: 'no', concurrencies: [1, 8, 32] });
      }
      if (typeof files.onnxFile === 'string') {
        for (const explain of ['yes', 'map only'] as const) cases.push({ model: compact, precision: 'FP32', file: files.onnxFile, maxBatch: 1, explain, concurrencies: [1] });
      }
      if (typeof refFiles.int8File === 'string') cases.push({ model: 'refkit-cnn@300x300x3', precision: 'INT8', file: refFiles.int8File, maxBatch: 1, explain: 'no', concurrencies: [1] });
      for (const c of cases) {
        const server = await startServer({ models: [{ name: 'm', path: c.file }], port: 0, maxBatch: c.maxBatch, maxDelayMs: 5, workers: 1, threads, queueSize: 4096 });
        try {
          await server.ready;
          for (const concurrency of c.concurrencies) {
            const before = await batchStats(server.url);
            const url = `${server.url}/v1/models/m/predict${{ no: '', yes: '?explain=true', 'map only': '?explain=true&overlay=false' }[c.explain]}`;
            const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'image/jpeg' }, body, connections: concurrency, duration });
            const after = await batchStats(server.url);
            const images = Math.max(1, after.sum - before.sum);
            const row: ServeRow = {
              model: c.model,
              precision: c.precision,
              explain: c.explain,
              batching: c.maxBatch > 1 ? 'on' : 'off',
              maxBatch: c.maxBatch,
              concurrency,
              requestsPerSecond: r.requests.average,
              p50Ms: r.latency.p50,
              p99Ms: r.latency.p99,
              meanBatch: (after.sum - before.sum) / Math.max(1, after.count - before.count),
              modelMsPerImage: ((after.compute - before.compute) * 1000) / images,
              failed: r.non2xx + r.errors + r.timeouts,
            };
            rows.push(row);
            ctx.logger.info(`serve ${c.model} ${c.precision}${c.explain === 'no' ? '' : ` explain ${c.explain}`} batching ${row.batching} c=${concurrency}: ${row.requestsPerSecond.toFixed(1)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, mean batch ${row.meanBatch.toFixed(1)}, model ${row.modelMsPerImage.toFixed(2)} ms/image`);
          }
        } finally {
          await server.close();
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const markdown = [
      '## Serving (`medimg serve` on loopback)',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      `Seeded, untrained networks (speed only) as ONNX FP32 and INT8 on onnxruntime-node, 1 worker thread with ${threads} intra-op thread(s);`,
      `autocannon in the same process posts one 224x224 generated JPEG (decoded and resized by the server) for ${duration} s per row. Batching on: --max-batch 16 --max-delay-ms 5; off: --max-batch 1.`,
      'Latency is per request (upload, queue, decode, model, answer); model ms/image is the onnxruntime time inside the server (the `medimg_compute_seconds` histogram over the images of the row; with explain it includes the map and the overlay PNG, with explain `map only` (overlay=false) the map alone).',
      'The reference kit reports 11.7 ms per image at batch 1 (INT8, its own network at 300x300x3, 4 threads of a Xeon 8280, model only): compare with the refkit-cnn row\'s model ms/image.',
      '',
      '| model | precision | explain | batching | concurrency | req/s | p50 ms | p99 ms | mean batch | model ms/image | failed |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.model} | ${r.precision} | ${r.explain} | ${r.batching} | ${r.concurrency} | ${r.requestsPerSecond.toFixed(1)} | ${r.p50Ms} | ${r.p99Ms} | ${r.meanBatch.toFixed(1)} | ${r.modelMsPerImage.toFixed(2)} | ${r.failed} |`),
    ].join('\n');
    return { markdown, json: rows };
  },
};
