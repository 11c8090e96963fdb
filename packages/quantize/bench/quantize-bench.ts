/**
 * FP32 vs INT8 (QDQ from @medimg/quantize) in onnxruntime-node: batch-1 latency and batch 1-64 throughput at 1 and 2
 * intra-op threads, for refkit-cnn (300x300x3) and the compact default (128x128x1). Calibration uses real training
 * images (chest_xray/train), validation a seeded random subset of the held-out part of the train split (never test).
 * The architectures are built with seeded random weights (no trained checkpoint is used), so the accuracy columns only
 * show that INT8 matches FP32 predictions, not diagnostic quality. Run from the repo root:
 *
 *   npx esbuild packages/quantize/bench/quantize-bench.ts --bundle --platform=node --format=cjs \
 *     --packages=external '--external:@medimg/*' \
 *     --outfile=packages/quantize/dist/bench.cjs && node packages/quantize/dist/bench.cjs [--data-dir DIR] [--arch NAME,...]
 *     [--val-limit 200] [--out results.json]
 *
 * Prints Markdown tables; writes the raw numbers as JSON (default /tmp/quantize-bench.json).
 */
import { cpus, loadavg } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import * as tf from '@tensorflow/tfjs';
import { createModelCard, pixelScaleOf, selectBackend, type LabeledImageSet } from '@medimg/core';
import { inMemoryImageSet, prepareData } from '@medimg/dataset';
import { toOnnx } from '@medimg/export';
import { defaultInputFor, getArchitecture } from '@medimg/model';
import { encodeModel } from '@medimg/onnx';
import { formatQuantizationReport, quantize, type QuantizationReport } from '@medimg/quantize';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const dataDir = arg('data-dir', '/work/shared/data/chest_xray');
const archs = arg('arch', 'refkit-cnn,compact-cnn').split(',');
const valLimit = Number(arg('val-limit', '200'));
const outFile = arg('out', '/tmp/quantize-bench.json');
const BATCHES = [1, 8, 32, 64];
const THREADS = [1, 2];

/** A seeded random subset of `n` images of a set, in memory (so both classes are represented). */
async function randomSubset(set: LabeledImageSet, n: number, seed: number): Promise<LabeledImageSet> {
  const [h, w, c] = set.shape;
  const per = h * w * c;
  const size = Math.min(n, set.size);
  const pixels = new Uint8Array(size * per);
  const labels = new Int32Array(size);
  let at = 0;
  for await (const b of set.batches({ batchSize: 32, shuffleSeed: seed })) {
    const k = Math.min(size - at, b.size);
    pixels.set(b.pixels.subarray(0, k * per), at * per);
    labels.set(b.labels.subarray(0, k), at);
    at += k;
    if (at >= size) break;
  }
  return inMemoryImageSet({ classNames: set.classNames, shape: set.shape, pixels, labels });
}

interface Timing {
  threads: number;
  batch: number;
  fp32Ms: number;
  int8Ms: number;
}

/** Median ms per run of each model at one batch size; FP32 and INT8 runs interleave so machine load hits both alike. */
async function time(fp32: Uint8Array, int8: Uint8Array, shape: readonly number[], threads: number, batch: number, budgetMs: number): Promise<Timing> {
  const ort = await loadOrt();
  const [a, b] = [await createOrtSession(fp32, { threads }), await createOrtSession(int8, { threads })];
  const data = Float32Array.from({ length: batch * shape.reduce((x, y) => x * y, 1) }, (_, i) => (i * 7919) % 256); // raw pixel values: the models rescale in the graph
  const feed = { input: new ort.Tensor('float32', data, [batch, ...shape]) };
  for (let i = 0; i < 2; i++) {
    await a.run(feed);
    await b.run(feed);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  const start = Date.now();
  while ((Date.now() - start < budgetMs || ta.length < 5) && ta.length < 200) {
    let t = performance.now();
    await a.run(feed);
    ta.push(performance.now() - t);
    t = performance.now();
    await b.run(feed);
    tb.push(performance.now() - t);
  }
  await a.release();
  await b.release();
  const median = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? NaN;
  return { threads, batch, fp32Ms: median(ta), int8Ms: median(tb) };
}

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm' });
  const results: { arch: string; report: QuantizationReport; timings: Timing[] }[] = [];
  const lines: string[] = [`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}, onnxruntime-node ${(await loadOrt()).env.versions.common}`];
  for (const arch of archs) {
    const { imageSize, channels } = defaultInputFor(arch);
    const model = getArchitecture(arch)({ inputShape: [imageSize, imageSize, channels], numClasses: 2, seed: 1 });
    const metadata = createModelCard({ architecture: arch, classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, threshold: 0.5, preprocessing: { imageSize, channels, resize: 'stretch', scale: pixelScaleOf(model) } });
    const onnx = toOnnx({ model, metadata });
    model.dispose();
    const data = await prepareData({ dataDir, imageSize, channels, seed: 42 });
    const { bytes, report } = await quantize({ model: onnx, calibration: data.train, validation: await randomSubset(data.validation, valLimit, 7), calibrationSize: 100 });
    const fp32 = encodeModel(onnx);
    const timings: Timing[] = [];
    const budget = arch === 'refkit-cnn' ? 4000 : 2000;
    for (const threads of THREADS) for (const batch of BATCHES) timings.push(await time(fp32, bytes, [imageSize, imageSize, channels], threads, batch, budget));
    results.push({ arch, report, timings });
    lines.push('', `### ${arch} (${imageSize}x${imageSize}x${channels})`, '', formatQuantizationReport(report));
    lines.push('| threads | batch | FP32 ms/batch | INT8 ms/batch | FP32 img/s | INT8 img/s | speed-up |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const t of timings) {
      lines.push(`| ${t.threads} | ${t.batch} | ${t.fp32Ms.toFixed(1)} | ${t.int8Ms.toFixed(1)} | ${((1000 * t.batch) / t.fp32Ms).toFixed(1)} | ${((1000 * t.batch) / t.int8Ms).toFixed(1)} | ${(t.fp32Ms / t.int8Ms).toFixed(2)}x |`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    lines.length = 0;
  }
  lines.push(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  await writeFile(outFile, JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, results }, null, 2));
  void tf;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
