import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModelCard, selectBackend, isValidationError } from '@medimg/core';
import { generateSyntheticXrays, prepareData, type PreparedData } from '@medimg/dataset';
import { loadPredictor } from '@medimg/runtime';
import { encodeModel } from '@medimg/onnx';
import { quantizeFile, reportFileFor, type QuantizationReport } from './index';
import { toOnnx } from '@medimg/export';
import { smallCnn } from './test-support/trained-classifier';

let dir: string;
let modelFile: string;
let trainedOn: PreparedData;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medimg-quantize-file-'));
  await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 30, size: 32, seed: 3, splits: { train: 30, test: 4, val: 0 } });
  await selectBackend({ backend: 'wasm' });
  // the split the model was "trained" with: seed 7, val-split 0.2 (as `medimg train --seed 7 --val-split 0.2` records it)
  trainedOn = await prepareData({ dataDir: join(dir, 'data'), imageSize: 32, channels: 1, seed: 7, valSplit: 0.2, cacheDir: join(dir, 'cache') });
  const model = smallCnn(32, 1, 11);
  const card = createModelCard({ architecture: 'small-cnn-test', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, threshold: 0.5, split: trainedOn.split, preprocessing: { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' } });
  const onnx = toOnnx({ model, metadata: card });
  model.dispose();
  modelFile = join(dir, 'model.onnx');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(modelFile, encodeModel(onnx));
  expect(tf.memory().numTensors).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('quantizeFile', () => {
  it("calibrates on the card's training side, guards on its validation side and names the split in the report", async () => {
    const outFile = join(dir, 'out', 'model.int8.onnx');
    const report = await quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile, calibrationSize: 20, cacheDir: join(dir, 'cache'), tolerance: 1 });
    expect(report.calibration.images).toBe(20);
    expect(report.validation.images).toBe(trainedOn.validation.size);
    expect(report.split).toEqual({ source: 'model card', seed: 7, valSplit: 0.2, grouping: 'patient', validationFiles: trainedOn.validation.size, validationDigest: trainedOn.split.validation.digest });
    const saved = JSON.parse(await readFile(reportFileFor(outFile), 'utf8')) as QuantizationReport;
    expect(saved.sizes.int8Bytes).toBe((await stat(outFile)).size);
    expect(saved.opTypes.find((r) => r.opType === 'Conv')?.int8).toBe(2);
    const int8 = await loadPredictor(outFile);
    expect(int8.card.precision).toBe('int8');
    const p = await int8.predict({ pixels: new Uint8Array(32 * 32).fill(128), labels: new Int32Array(1), size: 1, height: 32, width: 32, channels: 1, indices: new Int32Array(1) });
    await int8.dispose();
    expect(p[0]! + p[1]!).toBeCloseTo(1, 5);
  });

  it("refuses another split than the card's, naming both values", async () => {
    const run = (o: { seed?: number; valSplit?: number }): Promise<unknown> => quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile: join(dir, 'z.onnx'), cacheDir: join(dir, 'cache'), ...o }).catch((e: unknown) => e);
    const seed = await run({ seed: 42 });
    expect(isValidationError(seed)).toBe(true);
    expect(String(seed)).toMatch(/another split: seed: the model card says 7, got 42\. Fix: drop --seed\/--val-split/);
    expect(String(await run({ valSplit: 0.1 }))).toMatch(/val-split: the model card says 0\.2, got 0\.1/);
  });

  it('names the files and the fix on bad input', async () => {
    await expect(quantizeFile({ modelFile: join(dir, 'missing.onnx'), dataDir: join(dir, 'data'), outFile: join(dir, 'x.onnx') })).rejects.toThrow(/cannot read ONNX file .*missing\.onnx.*Fix:/);
    const err = await quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile: modelFile }).catch((e: unknown) => e);
    expect(isValidationError(err)).toBe(true);
    expect(String(err)).toMatch(/outFile must differ from modelFile/);
    await expect(quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile: join(dir, 'y.onnx'), method: 'bogus' })).rejects.toThrow(/method must be one of entropy, minmax, percentile/);
  });
});
