// Decode + preprocess throughput per decoder (1 vs 2 worker threads) and cached throughput.
// Usage (after `npx nx run dataset:build`):
//   node packages/dataset/bench/decode-bench.mjs [--real DIR] [--subset N] [--big N] [--size 224] [--channels 1]
// --real: a class folder tree (e.g. ../shared/data/chest_xray/train); N images per class are linked into a temp tree.
// --decoders sharp,jimp: which decoders to run. --big: N generated ~2000 px synthetic radiographs (N/2 per class).
import { mkdtemp, mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticXrays, loadSplit, sharpAvailable } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const real = arg('real', '');
const subset = Number(arg('subset', '500'));
const big = Number(arg('big', '16'));
const size = Number(arg('size', '224'));
const channels = Number(arg('channels', '1'));
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

async function linkSubset(dir, perClass) {
  const root = await mkdtemp(join(tmpdir(), 'medimg-bench-real-'));
  for (const cls of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)) {
    await mkdir(join(root, cls));
    const files = (await readdir(join(dir, cls))).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().slice(0, perClass);
    for (const f of files) await symlink(join(dir, cls, f), join(root, cls, f));
  }
  return root;
}

async function readAll(set) {
  const out = new Uint8Array(set.size * set.shape[0] * set.shape[1] * set.shape[2]);
  let at = 0;
  for await (const b of set.batches({ batchSize: 64 })) {
    out.set(b.pixels, at);
    at += b.pixels.length;
  }
  return out;
}

async function measure(label, dataDir, decoders) {
  const rows = [];
  const pixelsBy = {};
  for (const decoder of decoders) {
    for (const workers of [1, 2]) {
      const cacheDir = await mkdtemp(join(tmpdir(), 'medimg-bench-cache-'));
      const t0 = performance.now();
      const { set, report } = await loadSplit({ dataDir, imageSize: size, channels, decoder, workers, cacheDir });
      const decodeMs = performance.now() - t0;
      const t1 = performance.now();
      const again = await loadSplit({ dataDir, imageSize: size, channels, decoder, workers, cacheDir });
      const pixels = await readAll(again.set);
      const cachedMs = performance.now() - t1;
      // a later epoch of a loaded set: shuffled batches straight from the cached pixels
      const t2 = performance.now();
      let n = 0;
      for await (const b of again.set.batches({ batchSize: 32, shuffleSeed: 1, epoch: 1 })) n += b.size;
      const epochMs = performance.now() - t2;
      if (!again.report.cacheHits) throw new Error('expected a cache hit');
      pixelsBy[decoder] = pixels;
      const row = { data: label, decoder, workers, images: set.size, decodeImgPerS: +(set.size / (decodeMs / 1000)).toFixed(1), cachedImgPerS: +(set.size / (cachedMs / 1000)).toFixed(0), speedup: +(decodeMs / cachedMs).toFixed(1), epochImgPerS: +(n / (epochMs / 1000)).toFixed(0), epochSpeedup: +(decodeMs / epochMs).toFixed(0), inMemory: again.report.splits[Object.keys(again.report.splits)[0]].inMemory, skipped: Object.values(report.splits)[0].skipped.length };
      log(JSON.stringify(row));
      rows.push(row);
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  let agreement = null;
  if (pixelsBy.sharp && pixelsBy.jimp) {
    let s = 0;
    for (let i = 0; i < pixelsBy.sharp.length; i++) s += Math.abs(pixelsBy.sharp[i] - pixelsBy.jimp[i]);
    agreement = +(s / pixelsBy.sharp.length).toFixed(3);
    log(`${label}: sharp vs jimp mean absolute difference ${agreement}/255`);
  }
  return { rows, agreement };
}

const sharp = sharpAvailable();
const decoders = (sharp.ok ? ['sharp', 'jimp'] : ['jimp']).filter((d) => arg('decoders', 'sharp,jimp').split(',').includes(d));
if (!sharp.ok) log(`sharp does not load (${sharp.error}); jimp only`);
const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => +x.toFixed(1)), node: process.version }, size, channels, runs: [] };
if (real) {
  const root = await linkSubset(real, subset);
  results.runs.push(await measure(`real ${subset}/class from ${real}`, root, decoders));
  await rm(root, { recursive: true, force: true });
}
if (big > 0) {
  const root = await mkdtemp(join(tmpdir(), 'medimg-bench-big-'));
  const t = performance.now();
  await generateSyntheticXrays({ outDir: root, perClass: Math.ceil(big / 2), size: 2000, seed: 1, splits: { test: 0, val: 0 } });
  log(`generated ${big} 2000x2000 images in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  results.runs.push(await measure(`synthetic 2000 px x${big}`, join(root, 'train'), decoders));
  await rm(root, { recursive: true, force: true });
}
results.machine.loadavgAfter = loadavg().map((x) => +x.toFixed(1));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
