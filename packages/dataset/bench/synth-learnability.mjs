// Is the synthetic data learnable but not trivial? Trains a small CNN (tfjs, wasm backend) on generated X-rays and
// prints validation accuracy per epoch. Usage (after building core and dataset):
//   node packages/dataset/bench/synth-learnability.mjs [--per-class 150] [--size 64] [--epochs 6]
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@medimg/core';
import { generateSyntheticXrays, prepareData, loadSplit, createAugmentation } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 ? process.argv[i + 1] : def);
};
const perClass = arg('per-class', 150);
const size = arg('size', 64);
const epochs = arg('epochs', 6);
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

const backend = await selectBackend({ backend: process.env.LEARN_BACKEND || 'wasm' });
const root = await mkdtemp(join(tmpdir(), 'medimg-learn-'));
const cacheDir = join(root, '.cache');
await generateSyntheticXrays({ outDir: root, perClass, size: Math.max(size, 128), seed: 5, splits: { val: 0, test: Math.round(perClass / 2) } });
const data = await prepareData({ dataDir: root, imageSize: size, channels: 1, cacheDir, decoder: 'auto' });
const test = await loadSplit({ dataDir: root, split: 'test', imageSize: size, channels: 1, cacheDir, classNames: data.classNames });
log(`backend ${backend.name}; train ${data.train.size}, validation ${data.validation.size}, test ${test.set.size}`);

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [size, size, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten({}),
    tf.layers.dense({ units: 32, activation: 'relu' }),
    tf.layers.dense({ units: 2, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

async function accuracy(set) {
  let correct = 0;
  for await (const b of set.batches({ batchSize: 64 })) {
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(b.pixels, (v) => v / 255), [b.size, size, size, 1]);
      return model.predict(x).argMax(1).dataSync();
    });
    for (let i = 0; i < b.size; i++) if (pred[i] === b.labels[i]) correct++;
  }
  return correct / set.size;
}

const aug = createAugmentation({ seed: 1 });
const rows = [];
for (let epoch = 0; epoch < epochs; epoch++) {
  const t = performance.now();
  let lossSum = 0;
  let steps = 0;
  for await (const b of data.train.batches({ batchSize: 32, shuffleSeed: 1, epoch, transform: aug })) {
    const [x, y] = tf.tidy(() => [tf.tensor4d(Float32Array.from(b.pixels, (v) => v / 255), [b.size, size, size, 1]), tf.oneHot(tf.tensor1d(b.labels, 'int32'), 2).toFloat()]);
    const l = await model.trainOnBatch(x, y);
    lossSum += Array.isArray(l) ? l[0] : l;
    steps++;
    tf.dispose([x, y]);
  }
  const row = { epoch: epoch + 1, loss: +(lossSum / steps).toFixed(4), validationAccuracy: +(await accuracy(data.validation)).toFixed(3), testAccuracy: +(await accuracy(test.set)).toFixed(3), seconds: +((performance.now() - t) / 1000).toFixed(1) };
  log(JSON.stringify(row));
  rows.push(row);
}
process.stdout.write(JSON.stringify({ perClass, size, epochs, rows }) + '\n');
await rm(root, { recursive: true, force: true });
