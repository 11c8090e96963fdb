import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, loadLayersModel, selectBackend } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { zooModelPath } from '@medimg/zoo';
import { medimg } from '../bad-input/cli-run';

/** A real grayscale JPEG: a bright body with two darker lung fields and noise. */
async function writeXray(path: string, size: number, seed: number): Promise<void> {
  const { Jimp } = await import('jimp');
  const rng = createRng(seed);
  const image = new Jimp({ width: size, height: size, color: 0x000000ff });
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const lung = Math.abs(Math.abs(x - size / 2) - size / 4.5) < size / 7 && Math.abs(y - size / 2) < size / 3;
    const v = Math.max(0, Math.min(255, Math.round((lung ? 70 : 180) + rng.normal() * 15)));
    image.bitmap.data.set([v, v, v, 255], (y * size + x) * 4);
  }
  await writeFile(path, await image.getBuffer('image/jpeg'));
}

describe('zoo:pneumonia through the CLI (no training, no download)', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'medimg-zoo-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('predicts valid probabilities with the LayersModel, ONNX FP32 and INT8 files, FP32 engines agreeing', async () => {
    const image = join(dir, 'xray.jpeg');
    await writeXray(image, 224, 1);
    const probs: Record<string, Record<string, number>> = {};
    for (const spec of ['zoo:pneumonia', 'zoo:pneumonia/onnx', 'zoo:pneumonia/int8']) {
      const { out } = await medimg(['predict', '--model', spec, image, '--json', '--quiet', '--backend', 'wasm']);
      const r = JSON.parse(out) as { probabilities: Record<string, number>; prediction: string };
      expect(Object.keys(r.probabilities)).toEqual(['NORMAL', 'PNEUMONIA']);
      const p = Object.values(r.probabilities);
      for (const v of p) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(p[0]! + p[1]!).toBeCloseTo(1, 3);
      expect(['NORMAL', 'PNEUMONIA']).toContain(r.prediction);
      probs[spec] = r.probabilities;
    }
    expect(probs['zoo:pneumonia/onnx']!['PNEUMONIA']).toBeCloseTo(probs['zoo:pneumonia']!['PNEUMONIA']!, 3);
    expect(Math.abs(probs['zoo:pneumonia/int8']!['PNEUMONIA']! - probs['zoo:pneumonia']!['PNEUMONIA']!)).toBeLessThan(0.1);
    // the seed ensemble: one ONNX graph of three members, FP32 and INT8; its probability is near the single model's
    for (const spec of ['zoo:pneumonia-ensemble', 'zoo:pneumonia-ensemble/int8']) {
      const { out, code } = await medimg(['predict', '--model', spec, image, '--json', '--quiet']);
      expect(code).toBe(0);
      const r = JSON.parse(out) as { probabilities: Record<string, number> };
      expect(Object.values(r.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      probs[spec] = r.probabilities;
    }
    expect(Math.abs(probs['zoo:pneumonia-ensemble/int8']!['PNEUMONIA']! - probs['zoo:pneumonia-ensemble']!['PNEUMONIA']!)).toBeLessThan(0.1);
    const covid = await medimg(['predict', '--model', 'zoo:covid', image, '--quiet']);
    expect([covid.out, covid.code]).toEqual(['', 1]);
  });

  it('fine-tunes from zoo:pneumonia (weights start at the zoo weights) and refuses a different input size', async () => {
    await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 10, size: 96, seed: 2, splits: { val: 0, test: 0 } });
    const out = join(dir, 'ft');
    expect((await medimg(['train', '--init', 'zoo:pneumonia', '--data-dir', join(dir, 'data'), '--out', out, '--epochs', '1', '--lr', '1e-8', '--batch-size', '8', '--backend', 'wasm', '--quiet', '--json', '--no-augment'])).code).toBe(0);
    const zoo = await loadLayersModel(zooModelPath('zoo:pneumonia'));
    const tuned = await loadLayersModel(join(out, 'last'));
    // Every trainable kernel moved by at most the tiny learning rate: the run started from the zoo weights.
    const maxDiff = tf.tidy(() => Math.max(...zoo.trainableWeights.map((w, i) => tf.max(tf.abs(tf.sub(w.read(), tuned.trainableWeights[i]!.read()))).dataSync()[0]!)));
    expect(maxDiff).toBeLessThan(1e-5);
    zoo.dispose();
    tuned.dispose();
    // an ensemble holds no single trainable network: refused before any training, pointing at zoo:pneumonia
    const ensemble = await medimg(['train', '--init', 'zoo:pneumonia-ensemble', '--data-dir', join(dir, 'data'), '--out', join(dir, 'ens'), '--epochs', '1', '--backend', 'wasm', '--quiet']);
    expect(ensemble.code).not.toBe(0);
    expect(ensemble.err).toMatch(/not a LayersModel directory[\s\S]*zoo:pneumonia/);
    expect((await medimg(['train', '--init', 'zoo:pneumonia', '--image-size', '32', '--data-dir', join(dir, 'data'), '--out', join(dir, 'bad'), '--epochs', '1', '--backend', 'wasm', '--quiet'])).code).toBe(2);
  });
});
