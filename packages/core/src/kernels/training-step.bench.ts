/**
 * Benchmark (not part of the library): images/s of one training step of the reference net on wasm.
 * Run from packages/core (see README.md):
 *   npx esbuild src/kernels/training-step.bench.ts --bundle --platform=node --format=cjs \
 *     --external:@tensorflow/* --outfile=tmp/training-step.bench.cjs && node tmp/training-step.bench.cjs
 * Env: VARIANT=all|before (before = stock wasm kernels except the missing filter gradient and the wrong
 * max-pool gradient), BATCH (16), SIZE (128), STEPS (4), PROFILE=1 (time per kernel, nested included).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { maxPoolGradConfig } from './max-pool-grad';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

const env = process.env;
const variant = env['VARIANT'] ?? 'all';
const batch = Number(env['BATCH'] ?? 16);
const size = Number(env['SIZE'] ?? 128);
const steps = Number(env['STEPS'] ?? 4);
const times = new Map<string, number>();

function registerVariant(): void {
  if (variant === 'all') return registerWasmTrainingKernels();
  for (const config of [conv2DBackpropFilterConfig, maxPoolGradConfig]) {
    if (tf.getKernel(config.kernelName, 'wasm') as tf.KernelConfig | undefined) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

function profileKernels(): void {
  for (const kernel of tf.getKernelsForBackend('wasm')) {
    const inner = kernel.kernelFunc;
    tf.unregisterKernel(kernel.kernelName, 'wasm');
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const t0 = performance.now();
        const out = inner(args);
        times.set(kernel.kernelName, (times.get(kernel.kernelName) ?? 0) + performance.now() - t0);
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

async function main(): Promise<void> {
  registerVariant();
  await tf.setBackend('wasm');
  await tf.ready();
  if (env['PROFILE'] === '1') profileKernels();
  const model = referenceNet();
  const xs = tf.randomNormal([batch, size, size, 1]);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2), 'int32'), 2);
  await model.trainOnBatch(xs, ys);
  times.clear();
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
    `variant=${variant} batch=${batch} size=${size}: step ms ${ms.map((t) => t.toFixed(0)).join(' ')}` +
      ` | best ${rate(best)} img/s, median ${rate(median)} img/s\n`,
  );
  for (const [name, t] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    process.stdout.write(`  ${name.padEnd(24)} ${(t / steps).toFixed(1)} ms/step\n`);
  }
}

void main();
