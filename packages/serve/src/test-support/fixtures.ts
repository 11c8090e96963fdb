import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModelCard } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { toOnnx } from '@medimg/export';
import { getArchitecture } from '@medimg/model';
import { encodeModel } from '@medimg/onnx';

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
