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
  precision: 'FP32' | 'INT8';
  batching: 'on' | 'off';
  maxBatch: number;
  concurrency: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanBatch: number;
  failed: number;
}

async function batchStats(url: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string): number => Number(text.split('\n').find((l) => l.startsWith(name))?.split(' ').pop() ?? 0);
  return { sum: read('medimg_batch_size_sum'), count: read('medimg_batch_size_count') };
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
      const files = await writeModelFiles(model, 'compact-cnn', shape, dir, ctx.logger);
      model.dispose();
      await (ds.mod['generateSyntheticXrays'] as (o: Record<string, unknown>) => Promise<unknown>)({ outDir: join(dir, 'img'), perClass: 1, size: 224, seed: 1, splits: { train: 0, val: 0, test: 1 } });
      const imageDir = join(dir, 'img', 'test', 'PNEUMONIA');
      const body = await readFile(join(imageDir, (await readdir(imageDir))[0] as string));
      for (const [precision, model] of [['FP32', files.onnxFile], ['INT8', files.int8File]] as const) {
        if (typeof model !== 'string') continue;
        for (const [batching, maxBatch] of [['on', 16], ['off', 1]] as const) {
          const server = await startServer({ models: [{ name: 'm', path: model }], port: 0, maxBatch, maxDelayMs: 5, workers: 1, threads, queueSize: 4096 });
          try {
            await server.ready;
            for (const concurrency of [1, 8, 32]) {
              const before = await batchStats(server.url);
              const r = await autocannon({ url: `${server.url}/v1/models/m/predict`, method: 'POST', headers: { 'content-type': 'image/jpeg' }, body, connections: concurrency, duration });
              const after = await batchStats(server.url);
              const row: ServeRow = { precision, batching, maxBatch, concurrency, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, meanBatch: (after.sum - before.sum) / Math.max(1, after.count - before.count), failed: r.non2xx + r.errors + r.timeouts };
              rows.push(row);
              ctx.logger.info(`serve ${precision} batching ${batching} c=${concurrency}: ${row.requestsPerSecond.toFixed(1)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, mean batch ${row.meanBatch.toFixed(1)}`);
            }
          } finally {
            await server.close();
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const markdown = [
      '## Serving (`medimg serve` on loopback)',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      `compact-cnn@128x128x1 (seeded, untrained: speed only) as ONNX FP32 and INT8 on onnxruntime-node, 1 worker thread with ${threads} intra-op thread(s);`,
      `autocannon in the same process posts one 224x224 generated JPEG (decoded and resized by the server) for ${duration} s per row. Batching on: --max-batch 16 --max-delay-ms 5; off: --max-batch 1.`,
      'Latency is per request (upload, queue, decode, model, answer). The reference kit reports 11.7 ms per image at batch 1 (INT8, 4 threads of a Xeon 8280, model only).',
      '',
      '| precision | batching | concurrency | req/s | p50 ms | p99 ms | mean batch | failed |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.precision} | ${r.batching} | ${r.concurrency} | ${r.requestsPerSecond.toFixed(1)} | ${r.p50Ms} | ${r.p99Ms} | ${r.meanBatch.toFixed(1)} | ${r.failed} |`),
    ].join('\n');
    return { markdown, json: rows };
  },
};
