import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { createModelCard, saveLayersModel, selectBackend } from '@medimg/core';
import { generateSyntheticXrays, preprocessImageFile } from '@medimg/dataset';
import { exportOnnx, freezeModelDir } from '@medimg/export';
import { getArchitecture } from '@medimg/model';
import { explainFiles, explainImage, loadExplainer } from './index';
import { CAM_TEST_ARCHITECTURE, registerCamTestArchitecture } from './testing/cam-architecture';

const SIZE = 32;
const metadata = createModelCard({
  architecture: CAM_TEST_ARCHITECTURE,
  classNames: ['NORMAL', 'PNEUMONIA'],
  positiveClass: 1,
  preprocessing: { imageSize: SIZE, channels: 1, resize: 'stretch', scale: 'unit' },
  threshold: 0.37,
});

let dir: string;
let images: string[];
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  registerCamTestArchitecture();
  dir = await mkdtemp(join(tmpdir(), 'medimg-explain-files-'));
  const model = getArchitecture(CAM_TEST_ARCHITECTURE)({ inputShape: [SIZE, SIZE, 1], numClasses: 2, seed: 4 });
  await saveLayersModel(model, join(dir, 'run', 'best'), metadata);
  model.dispose();
  await exportOnnx({ modelDir: join(dir, 'run', 'best'), outFile: join(dir, 'model.onnx') });
  await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 2, size: 48, seed: 2, splits: { test: 0, val: 0 } });
  const pneumonia = join(dir, 'data', 'train', 'PNEUMONIA');
  images = (await readdir(pneumonia)).sort().map((f) => join(pneumonia, f));
}, 300_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('explainFiles', () => {
  it('writes an overlay PNG, the map as JSON and .npy per image, skips an unreadable file, and lists them', async () => {
    const bad = join(dir, 'not-an-image.jpeg');
    await writeFile(bad, 'hello');
    const out = join(dir, 'out-layers');
    const result = await explainFiles({ model: join(dir, 'run'), images: [images[0]!, bad, images[1]!], outDir: out });
    expect(result.method).toBe('grad-cam');
    expect(result.model).toBe(join(dir, 'run', 'best'));
    expect(result.explained).toHaveLength(2);
    expect(result.skipped.map((s) => s.image)).toEqual([bad]);
    expect(result.skipped[0]!.reason).toMatch(/not-an-image\.jpeg.*Fix/);
    const first = result.explained[0]!;
    const overlay = await Jimp.read(first.overlay);
    expect(overlay.bitmap.width).toBe(448);
    expect(overlay.bitmap.height).toBeGreaterThan(448);
    // the caption band is not empty: the font printed something white-ish
    let bright = 0;
    for (let y = 452; y < overlay.bitmap.height; y++) for (let x = 0; x < 448; x++) if ((overlay.bitmap.data[(y * 448 + x) * 4] as number) > 200) bright++;
    expect(bright).toBeGreaterThan(100);
    const json = JSON.parse(await readFile(first.json, 'utf8')) as { width: number; height: number; data: number[]; probabilities: Record<string, number>; threshold: number; className: string };
    expect([json.width, json.height, json.data.length, json.threshold]).toEqual([SIZE, SIZE, SIZE * SIZE, 0.37]);
    const npy = new Uint8Array(await readFile(first.npy));
    const offset = 10 + npy[8]! + 256 * npy[9]!;
    const values = new Float32Array(npy.slice(offset).buffer);
    expect(values).toHaveLength(SIZE * SIZE);
    values.forEach((v, i) => expect(Math.abs(v - json.data[i]!)).toBeLessThan(1e-5));
    expect(Math.max(...values)).toBeCloseTo(1, 5);
    const index = JSON.parse(await readFile(join(out, 'explain.json'), 'utf8')) as { explained: unknown[]; skipped: unknown[] };
    expect([index.explained.length, index.skipped.length]).toEqual([2, 1]);
  });

  it('the ONNX cam output gives the tfjs Grad-CAM map (within 1e-4; logit and log-odds) and the same probabilities', async () => {
    const layers = await loadExplainer(join(dir, 'run', 'best'));
    const onnx = await loadExplainer(join(dir, 'model.onnx'));
    try {
      expect(onnx.method).toBe('cam');
      for (const path of images) {
        const pixels = await preprocessImageFile(path, metadata.preprocessing);
        const image = { pixels, width: SIZE, height: SIZE, channels: 1 as const };
        for (const [cls, score] of [['NORMAL', 'logit'], ['PNEUMONIA', 'logit'], ['PNEUMONIA', 'log-odds']] as const) {
          const a = await explainImage(layers, image, { classIndex: cls, score });
          const b = await explainImage(onnx, image, { classIndex: cls, score });
          expect([a.className, b.className]).toEqual([cls, cls]);
          expect(b.layer).toBe(a.layer);
          let diff = 0;
          a.map.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - (b.map[i] as number)))));
          expect(diff).toBeLessThan(1e-4);
          a.probabilities.forEach((p, i) => expect(Math.abs(p - (b.probabilities[i] as number))).toBeLessThan(1e-5));
        }
      }
    } finally {
      layers.dispose();
      onnx.dispose();
    }
  });

  it('explains the model decision at the card threshold by default, and frees its tensors', async () => {
    const explainer = await loadExplainer(join(dir, 'run'));
    const pixels = await preprocessImageFile(images[0]!, metadata.preprocessing);
    const image = { pixels, width: SIZE, height: SIZE, channels: 1 as const };
    await explainer.explain(image);
    const before = tf.memory().numTensors;
    const e = await explainer.explain(image);
    expect(tf.memory().numTensors).toBe(before);
    expect(e.classIndex).toBe((e.probabilities[1] as number) >= 0.37 ? 1 : 0);
    await expect(explainer.explain({ ...image, width: 16 })).rejects.toThrow(/the model expects 32x32x1/);
    await expect(explainer.explain(image, { classIndex: 'OTHER' })).rejects.toThrow(/one of NORMAL, PNEUMONIA/);
    explainer.dispose();
  });

  it('says what to do with a GraphModel, a missing path and an ONNX file without a cam output', async () => {
    await freezeModelDir({ modelDir: join(dir, 'run', 'best'), outDir: join(dir, 'graph') });
    await expect(loadExplainer(join(dir, 'graph'))).rejects.toThrow(/GraphModel.*Fix: pass the LayersModel/);
    await expect(loadExplainer(join(dir, 'nope'))).rejects.toThrow(/does not exist/);
    await mkdir(join(dir, 'plain'), { recursive: true });
    await exportOnnx({ modelDir: join(dir, 'run', 'best'), outFile: join(dir, 'plain', 'model.onnx'), camOutput: false });
    await expect(loadExplainer(join(dir, 'plain', 'model.onnx'))).rejects.toThrow(/has no 'cam' output.*Fix: re-export/);
  });
});
