/**
 * Benchmark (not part of the library): images/s of one training step of the reference net on wasm.
 * Run from packages/core (see README.md):
 *   npx esbuild src/kernels/training-step.bench.ts --bundle --platform=node --format=cjs \
 *     --external:@tensorflow/* --outfile=tmp/training-step.bench.cjs && node tmp/training-step.bench.cjs
 * Env: VARIANT=all|before (all = medimg's kernels, except those named in STOCK=Sum,Mean,...; before = stock wasm kernels except the missing filter gradient and the wrong
 * max-pool gradient), NET=reference|FILE.json (reference = the kernel bench's own net below; FILE.json = a registered
 * architecture's tfjs topology, from `node apps/bench-runner/dist/main.cjs --describe compact-cnn --format tfjs`), BATCH (16),
 * SIZE (128), STEPS (4), PROFILE=1 (time per kernel, nested included;
 * PROFILE=shapes: per kernel and input shapes), TOP (12 rows).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { maxPoolGradConfig } from './max-pool-grad';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

const env = process.env;
const variant = env['VARIANT'] ?? 'all';
const net = env['NET'] ?? 'reference';
const batch = Number(env['BATCH'] ?? 16);
const size = Number(env['SIZE'] ?? 128);
const steps = Number(env['STEPS'] ?? 4);
const times = new Map<string, number>();
const calls = new Map<string, number>();

/** Kernels named in STOCK (comma-separated) keep the stock wasm implementation, for A/B comparisons. */
function restoreStock(names: string[], stock: Map<string, tf.KernelConfig | undefined>): void {
  for (const name of names) {
    const config = stock.get(name);
    if (config === undefined) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
}

function registerVariant(): void {
  if (variant === 'all') {
    const names = (env['STOCK'] ?? '').split(',').filter((n) => n !== '');
    const stock = new Map(names.map((n) => [n, tf.getKernel(n, 'wasm') as tf.KernelConfig | undefined]));
    registerWasmTrainingKernels();
    return restoreStock(names, stock);
  }
  for (const config of [conv2DBackpropFilterConfig, maxPoolGradConfig]) {
    if (tf.getKernel(config.kernelName, 'wasm') as tf.KernelConfig | undefined) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

function profileKernels(byShape: boolean): void {
  for (const kernel of tf.getKernelsForBackend('wasm')) {
    const inner = kernel.kernelFunc;
    tf.unregisterKernel(kernel.kernelName, 'wasm');
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const t0 = performance.now();
        const out = inner(args);
        const shapes = byShape ? ` ${Object.values(args.inputs).map((t) => `[${(t?.shape ?? []).join(',')}]`).join('')}` : '';
        const key = kernel.kernelName + shapes;
        times.set(key, (times.get(key) ?? 0) + performance.now() - t0);
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return out;
      },
    });
  }
}

/** 12 conv3x3 (16..512 channels) + LeakyReLU(0.2), 2x2 max-pool after every second conv, dense. */
function referenceNet(): tf.Sequential {
  const model = tf.sequential();
  [16, 16, 32, 32, 64, 64, 128, 128, 256, 256, 512, 512].forEach((filters, i) => {
    const first = i === 0 ? { inputShape: [size, size, 1] } : {};
    model.add(tf.layers.conv2d({ ...first, filters, kernelSize: 3, padding: 'same' }));
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    if (i % 2 === 1) model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * A registered architecture (compact-cnn, compact-cnn-plain, ...) from its own tfjs topology: core cannot import
 * @medimg/model, so the net comes as a file printed by `medimg-bench --describe NAME --format tfjs` (never a copy).
 */
async function registeredNet(file: string): Promise<tf.LayersModel> {
  const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(readFileSync(file, 'utf8')) as tf.io.ModelJSON['modelTopology'] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

async function buildNet(): Promise<tf.LayersModel> {
  if (net.endsWith('.json')) return registeredNet(net);
  if (net !== 'reference') throw new Error(`NET must be "reference" or a topology .json file; got ${net}. Fix: node apps/bench-runner/dist/main.cjs --describe compact-cnn --format tfjs > /tmp/compact.json; NET=/tmp/compact.json`);
  return referenceNet();
}

async function main(): Promise<void> {
  registerVariant();
  await tf.setBackend('wasm');
  await tf.ready();
  if (env['PROFILE'] === '1' || env['PROFILE'] === 'shapes') profileKernels(env['PROFILE'] === 'shapes');
  const model = await buildNet();
  const xs = tf.randomNormal([batch, size, size, 1]);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2), 'int32'), 2);
  await model.trainOnBatch(xs, ys);
  times.clear();
  calls.clear();
  const ms: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    await model.trainOnBatch(xs, ys);
    ms.push(performance.now() - t0);
  }
  const best = Math.min(...ms);
  const median = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? best;
  const rate = (t: number): string => ((batch * 1000) / t).toFixed(1);
  process.stdout.write(
    `net=${net} variant=${variant} batch=${batch} size=${size}: step ms ${ms.map((t) => t.toFixed(0)).join(' ')}` +
      ` | best ${rate(best)} img/s, median ${rate(median)} img/s\n`,
  );
  const byShapeWidth = env['PROFILE'] === 'shapes' ? 56 : 24;
  for (const [name, t] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(env['TOP'] ?? 12))) {
    process.stdout.write(`  ${name.padEnd(byShapeWidth)} ${(t / steps).toFixed(1)} ms/step, ${((calls.get(name) ?? 0) / steps).toFixed(0)} calls\n`);
  }
}

void main();
