import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelCard, modelInput, saveLayersModel, selectBackend } from '@medimg/core';
import { encodeDicom, encodePng16, generateSyntheticXrays, preprocessImageFile } from '@medimg/dataset';
import { getArchitecture } from '@medimg/model';
import { buildCli } from '../build-cli';

describe('medimg predict on DICOM', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'medimg-predict-dcm-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('gives a 16-bit MONOCHROME1 DICOM X-ray and its 16-bit PNG twin the same prediction within 1e-4', async () => {
    // a synthetic radiograph with 16-bit detail: 8-bit levels * 257 plus a sub-level ripple
    await generateSyntheticXrays({ outDir: join(dir, 'synth'), perClass: 1, size: 96, seed: 9, splits: { test: 0, val: 0 } });
    const jpeg = join(dir, 'synth', 'train', 'PNEUMONIA', (await readdir(join(dir, 'synth', 'train', 'PNEUMONIA')))[0] as string);
    const gray = await preprocessImageFile(jpeg, { imageSize: 96, channels: 1, resize: 'stretch', scale: 'unit' });
    const v16 = Array.from(gray, (g, i) => Math.min(65535, (g as number) * 257 + Math.round(100 * (1 + Math.sin(i / 5)))));
    const png = join(dir, 'twin.png');
    const dcm = join(dir, 'twin'); // no extension: found by its DICM preamble
    await writeFile(png, encodePng16(v16, 96, 96));
    // MONOCHROME1 stores the inverse; its window covers the whole 16-bit range, so it maps to the PNG's levels
    await writeFile(dcm, encodeDicom({ width: 96, height: 96, values: v16.map((v) => 65535 - v), bitsStored: 16, photometric: 'MONOCHROME1', windows: [{ center: 32768, width: 65536 }] }));

    const model = getArchitecture('compact-cnn')({ inputShape: [48, 48, 1], numClasses: 2, seed: 5 });
    const preprocessing = { imageSize: 48, channels: 1 as const, resize: 'stretch' as const, scale: 'in-graph' as const };
    await saveLayersModel(model, join(dir, 'model'), createModelCard({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing, threshold: 0.5 }));
    const predict = async (file: string): Promise<number> => {
      const px = await preprocessImageFile(file, preprocessing);
      return tf.tidy(() => (model.predict(tf.tensor4d(modelInput(px, preprocessing.scale), [1, 48, 48, 1])) as tf.Tensor).dataSync()[1] as number);
    };
    const [fromPng, fromDicom] = [await predict(png), await predict(dcm)];
    expect(Math.abs(fromPng - fromDicom)).toBeLessThan(1e-4);
    model.dispose();

    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      await buildCli(['predict', '--model', join(dir, 'model'), png, dcm, '--json', '--quiet', '--backend', 'wasm']).parseAsync();
    } finally {
      spy.mockRestore();
    }
    const [a, b] = out.map((line) => JSON.parse(line) as { probabilities: Record<string, number> });
    expect(Math.abs((a?.probabilities['PNEUMONIA'] ?? NaN) - (b?.probabilities['PNEUMONIA'] ?? NaN))).toBeLessThanOrEqual(1e-4);
    expect(a?.probabilities['PNEUMONIA']).toBeCloseTo(fromPng, 4);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
