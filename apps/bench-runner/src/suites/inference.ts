import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@medimg/core';
import { benchmarkInference, inferenceTable, machineInfo, machineLine, type ImageShape, type InferenceResult } from '@medimg/bench';
import { writeModelFiles } from '../inference-models';
import { buildNet } from '../nets';
import { loadLine } from '../run-info';
import type { Suite, SuiteContext, SuiteOutput } from '../types';

interface InferenceModel {
  architecture: 'compact-cnn' | 'refkit-cnn';
  shape: ImageShape;
  /** Only in full runs. */
  fullOnly: boolean;
}

const MODELS: readonly InferenceModel[] = [
  { architecture: 'compact-cnn', shape: [128, 128, 1], fullOnly: false },
  { architecture: 'refkit-cnn', shape: [300, 300, 3], fullOnly: true },
];

const f = (x: number, d = 1): string => x.toFixed(d);

/** One summary row per (engine, backend, threads, batch) with the speed-up over onnxruntime FP32. */
function summary(results: readonly InferenceResult[]): string {
  const rows: string[] = [];
  for (const r of results) {
    for (const c of r.cases) {
      const base = results.find((x) => x.engine === 'onnxruntime' && x.model.label === r.model.label)?.cases.find((x) => x.batchSize === c.batchSize && x.threads === (c.threads ?? x.threads));
      rows.push(`| ${r.model.label} | ${r.engine} | ${r.precision} | ${r.backend} | ${c.threads ?? 'default'} | ${c.batchSize} | ${f(c.throughput)} | ${f(c.perBatchMs.p50, 2)} | ${base === undefined ? 'n/a' : f(c.throughput / base.throughput, 2)} |`);
    }
  }
  return ['| model | engine | precision | backend | threads | batch | images/s | p50 ms/batch | x onnxruntime FP32 |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export const inferenceSuite: Suite = {
  name: 'inference',
  describe: 'engines (tfjs layers/graph per backend, onnxruntime FP32/INT8 per thread count) x models x batch sizes',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const results: InferenceResult[] = [];
    const notes: string[] = [];
    const batchSizes = ctx.quick ? [1, 8] : [1, 8, 32];
    const common = { batchSizes, warmup: ctx.quick ? 2 : 5, trials: ctx.quick ? 10 : 30, minSeconds: ctx.quick ? 0.5 : 2, referenceRuns: ctx.quick ? 20 : 100, logger: ctx.logger };
    for (const m of MODELS.filter((x) => !(ctx.quick && x.fullOnly))) {
      const label = `${m.architecture}@${m.shape.join('x')}`;
      const dir = await mkdtemp(join(tmpdir(), 'medimg-bench-inf-'));
      try {
        await selectBackend({ backend: ctx.backends.includes('wasm') ? 'wasm' : 'cpu', logger: ctx.logger });
        const model = buildNet(m.architecture, m.shape);
        const files = await writeModelFiles(model, m.architecture, m.shape, dir, ctx.logger);
        model.dispose();
        const runs: { engine: string; path: string | { reason: string }; backends: (string | null)[] }[] = [
          { engine: 'onnxruntime', path: files.onnxFile, backends: [null] },
          { engine: 'onnxruntime-int8', path: files.int8File, backends: [null] },
          { engine: 'tfjs-graph', path: files.graphDir, backends: ctx.backends },
          { engine: 'tfjs-layers', path: files.layersDir, backends: ctx.backends },
        ];
        for (const run of runs) {
          if (typeof run.path !== 'string') {
            notes.push(`- ${label} ${run.engine}: skipped (${run.path.reason})`);
            continue;
          }
          for (const backend of run.backends) {
            if (backend !== null) await selectBackend({ backend: backend as 'wasm' | 'cpu' | 'tensorflow', logger: ctx.logger }).catch((e: unknown) => notes.push(`- ${backend}: unavailable (${(e as Error).message.split('\n')[0]})`));
            const where = `${label} ${run.engine}${backend === null ? '' : ` on ${backend}`}`;
            ctx.logger.info(`inference ${where}`);
            try {
              const r = await benchmarkInference({ ...common, engine: run.engine, model: { path: run.path, label }, threads: backend === null ? [1, 2] : undefined, ...(backend === 'cpu' ? { batchSizes: [1], trials: 3, referenceRuns: 5 } : {}) });
              results.push(r);
            } catch (error) {
              notes.push(`- ${where}: failed: ${(error as Error).message.split('\n')[0]}`);
            }
          }
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const markdown = [
      '## Inference latency and throughput',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      'Untrained weights (speed does not depend on them); INT8 calibrated on seeded noise. onnxruntime: CPU provider, intraOpNumThreads swept;',
      'tfjs engines run on the named backend (their thread count is fixed by the backend). Latency = mean / batch size and',
      "throughput = 1 / latency are the reference kit's figures; its \"minimum latency over N runs at batch 1\" is under each table.",
      '',
      results.length > 0 ? summary(results) : '_No case ran._',
      ...(notes.length > 0 ? ['', ...notes] : []),
      '',
      '<details><summary>Full latency statistics</summary>',
      '',
      ...results.map((r) => inferenceTable(r) + '\n'),
      '</details>',
    ].join('\n');
    return { markdown, json: results };
  },
};
