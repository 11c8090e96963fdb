import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModelCard } from '@medimg/core';
import { generateSyntheticXrays, prepareData } from '@medimg/dataset';
import { exportOnnx, toOnnx } from '@medimg/export';
import { getArchitecture, listArchitectures, registerArchitecture } from '@medimg/model';
import { encodeModel } from '@medimg/onnx';
import { train } from '@medimg/train';

/** A seeded compact-cnn (untrained: only the serving path is under test; it rescales raw pixels in its graph) exported to ONNX with a model card. */
export async function writeOnnxModel(dir: string, size: number, threshold = 0.5): Promise<string> {
  await tf.setBackend('cpu');
  const model = getArchitecture('compact-cnn')({ inputShape: [size, size, 1], numClasses: 2, seed: 3 });
  const metadata = createModelCard({
    architecture: 'compact-cnn',
    classNames: ['NORMAL', 'PNEUMONIA'],
    positiveClass: 1,
    preprocessing: { imageSize: size, channels: 1, resize: 'stretch', scale: 'in-graph' },
    threshold,
  });
  const file = join(dir, `compact-${size}.onnx`);
  await writeFile(file, encodeModel(toOnnx({ model, metadata })));
  model.dispose();
  return file;
}

/** Generated chest X-ray JPEGs (test split, both classes). */
export async function writeXrays(dir: string, perClass: number, size: number): Promise<string[]> {
  await generateSyntheticXrays({ outDir: dir, perClass, size, seed: 5, splits: { train: 0, val: 0, test: perClass } });
  const files: string[] = [];
  for (const c of ['NORMAL', 'PNEUMONIA']) for (const f of (await readdir(join(dir, 'test', c))).sort()) files.push(join(dir, 'test', c, f));
  return files;
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `medimg-serve-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A tiny GAP network for tests: conv8 -> pool -> conv16 -> pool -> conv16 (a quarter-size feature grid) -> GAP -> dense softmax. */
export const TINY_GAP_ARCHITECTURE = 'serve-test-gap';

function registerTinyGap(): void {
  if (listArchitectures().includes(TINY_GAP_ARCHITECTURE)) return;
  registerArchitecture(TINY_GAP_ARCHITECTURE, ({ inputShape, numClasses, seed = 0 }) => {
    const input = tf.input({ shape: inputShape, name: 'image' });
    let x: tf.SymbolicTensor = input;
    [8, 16, 16].forEach((filters, i) => {
      if (i > 0) x = tf.layers.maxPooling2d({ name: `pool${i}`, poolSize: 2 }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.conv2d({ name: `conv${i + 1}`, filters, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.heUniform({ seed: seed + i }) }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.reLU({ name: `conv${i + 1}_relu` }).apply(x) as tf.SymbolicTensor;
    });
    x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ name: 'logits', units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out, name: 'serve_test_gap' });
  });
}

/**
 * Trains the tiny GAP network on generated X-rays (seeded, on the active tfjs backend) and exports it to ONNX twice:
 * with the `cam` output and without. `images`: the generated test split (every class), at 64 px.
 */
export async function trainTinyModel(
  dir: string,
  { classes, size, epochs }: { classes: number; size: number; epochs: number },
): Promise<{ modelDir: string; onnxFile: string; noCamFile: string; images: string[]; classNames: string[] }> {
  registerTinyGap();
  const dataDir = join(dir, 'data');
  await generateSyntheticXrays({ outDir: dataDir, perClass: 40, size: 64, seed: 5, classes, splits: { train: 40, test: 2, val: 0 } });
  const data = await prepareData({ dataDir, imageSize: size, channels: 1, valSplit: 0.2, seed: 1, cacheDir: join(dir, 'cache'), workers: 1 });
  await train({ train: data.train, validation: data.validation, classNames: data.classNames, architecture: TINY_GAP_ARCHITECTURE, epochs, batchSize: 16, lr: 0.005, seed: 1, outDir: join(dir, 'run'), earlyStoppingPatience: 0, engine: 'tfjs' });
  const modelDir = join(dir, 'run', 'best');
  const onnxFile = join(dir, 'model.onnx');
  const noCamFile = join(dir, 'model.nocam.onnx');
  await exportOnnx({ modelDir, outFile: onnxFile });
  await exportOnnx({ modelDir, outFile: noCamFile, camOutput: false });
  const images: string[] = [];
  for (const c of data.classNames) for (const f of (await readdir(join(dataDir, 'test', c))).sort()) images.push(join(dataDir, 'test', c, f));
  return { modelDir, onnxFile, noCamFile, images, classNames: [...data.classNames] };
}
