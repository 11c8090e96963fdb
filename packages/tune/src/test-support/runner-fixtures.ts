// Trial runners for tests, written as plain .cjs files into a temp dir (workers run JavaScript).
// They are real code run in real child processes; nothing here is a stub of tune itself.
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRunner } from '../types';

const made: string[] = [];

/** A fresh temp dir; `removeTempDirs` (run it in afterAll) deletes every one made. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `medimg-tune-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A cheap deterministic runner: auc = 0.9 - 0.1 * |log10(lr) + 2| - 0.2 / budget - 0.001 * batchSize, so
 * lr 0.01 is best and longer budgets score higher. `mode` param: 'throw' | 'crash' (SIGKILL itself) | 'nan' (loss) | 'nan-auc' |
 * 'exit' | 'oom' (fills the heap). Options: `runLog` (a file each run appends `key` to), `sleepMs` (per trial).
 */
const METRIC_RUNNER = `
const fs = require('node:fs');
const path = require('node:path');
exports.metricRunner = async function metricRunner(trial, ctx) {
  const o = ctx.options;
  if (o.runLog) fs.appendFileSync(o.runLog, trial.key + '\\n');
  if (o.sleepMs) await new Promise((r) => setTimeout(r, o.sleepMs));
  const p = trial.params;
  if (p.mode === 'throw') throw new Error('deliberate failure for lr=' + p.lr);
  if (p.mode === 'crash') process.kill(process.pid, 'SIGKILL');
  if (p.mode === 'exit') process.exit(3);
  if (p.mode === 'oom') { const hog = []; for (;;) hog.push(new Array(1 << 20).fill(Math.random())); }
  if (p.mode === 'nan') return { metrics: { auc: 0.5, loss: NaN } };
  if (p.mode === 'nan-auc') return { metrics: { auc: NaN, loss: 0.3 } };
  const lr = typeof p.lr === 'number' ? p.lr : 0.01;
  const bs = typeof p.batchSize === 'number' ? p.batchSize : 0;
  const auc = 0.9 - 0.1 * Math.abs(Math.log10(lr) + 2) - 0.2 / trial.budget - 0.001 * bs;
  const modelDir = path.join(ctx.outDir, 'model');
  fs.mkdirSync(modelDir, { recursive: true });
  fs.writeFileSync(path.join(modelDir, 'weights.json'), JSON.stringify({ lr, bs, budget: trial.budget, threads: ctx.threads, seed: ctx.seed, env: process.env.MEDIMG_THREADS }));
  return { metrics: { auc, accuracy: Math.round(auc * 100) / 100 }, modelDir };
};
`;

export function writeMetricRunner(dir: string): TrialRunner {
  const module = join(dir, 'metric-runner.cjs');
  if (!existsSync(module)) writeFileSync(module, METRIC_RUNNER);
  return { module, exportName: 'metricRunner' };
}

/**
 * A real small tfjs training (wasm backend): a dense net on generated 8x8 images where class 1 has a bright
 * centre square, trained with the trial's lr and batchSize for `budget` epochs; returns validation auc,
 * accuracy and loss, and saves its weights.
 */
function tfjsRunnerSource(tfjsPath: string, wasmPath: string): string {
  return `
const fs = require('node:fs');
const path = require('node:path');
const tf = require(${JSON.stringify(tfjsPath)});
require(${JSON.stringify(wasmPath)});

function makeData(n, seed) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const x = new Float32Array(n * 64);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    for (let p = 0; p < 64; p++) {
      const r = Math.floor(p / 8), c = p % 8;
      const centre = r >= 2 && r < 6 && c >= 2 && c < 6;
      x[i * 64 + p] = rand() * 0.8 + (label === 1 && centre ? 0.35 : 0);
    }
  }
  return { x, y, n };
}

function auc(scores, labels) {
  const pos = [], neg = [];
  scores.forEach((s, i) => (labels[i] === 1 ? pos : neg).push(s));
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

exports.tfjsRunner = async function tfjsRunner(trial, ctx) {
  await tf.setBackend('wasm');
  const { lr, batchSize } = trial.params;
  const train = makeData(160, 1), val = makeData(80, 2);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [64], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed % 1000 }) }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: (ctx.seed + 1) % 1000 }) }));
  model.compile({ optimizer: tf.train.adam(lr), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(train.x, [train.n, 64]), ys = tf.tensor2d(train.y, [train.n, 1]);
  const vx = tf.tensor2d(val.x, [val.n, 64]);
  const history = await model.fit(xs, ys, { epochs: trial.budget, batchSize, shuffle: false, verbose: 0 });
  const scores = Array.from(tf.tidy(() => model.predict(vx).dataSync()));
  const labels = Array.from(val.y);
  const accuracy = scores.filter((s, i) => (s > 0.5 ? 1 : 0) === labels[i]).length / labels.length;
  const losses = history.history.loss;
  const modelDir = path.join(ctx.outDir, 'model');
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.mkdirSync(modelDir, { recursive: true });
    fs.writeFileSync(path.join(modelDir, 'model.json'), JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }));
    fs.writeFileSync(path.join(modelDir, 'weights.bin'), Buffer.from(artifacts.weightData));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  tf.dispose([xs, ys, vx]);
  return { metrics: { auc: auc(scores, labels), accuracy, loss: Number(losses[losses.length - 1]) }, modelDir };
};
`;
}

export function writeTfjsRunner(dir: string): TrialRunner {
  const module = join(dir, 'tfjs-runner.cjs');
  writeFileSync(module, tfjsRunnerSource(require.resolve('@tensorflow/tfjs'), require.resolve('@tensorflow/tfjs-backend-wasm')));
  return { module, exportName: 'tfjsRunner' };
}
