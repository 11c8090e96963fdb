import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { createModelCard, selectBackend, isValidationError } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { encodeModel } from '@medimg/onnx';
import { quantizeFile, reportFileFor, type QuantizationReport } from './index';
import { toOnnx } from '@medimg/export';
import { smallCnn } from './test-support/trained-classifier';

let dir: string;
let modelFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medimg-quantize-file-'));
  await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 30, size: 32, seed: 3, splits: { train: 30, test: 4, val: 0 } });
  await selectBackend({ backend: 'wasm' });
  const model = smallCnn(32, 1, 11);
  const onnx = toOnnx({ model, metadata: createModelCard({ architecture: 'small-cnn-test', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, threshold: 0.5, preprocessing: { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' } }) });
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
  it('calibrates on the train split, validates on the held-out part and writes the model and its report', async () => {
    const outFile = join(dir, 'out', 'model.int8.onnx');
    const report = await quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile, calibrationSize: 20, valSplit: 0.25, cacheDir: join(dir, 'cache'), tolerance: 1 });
    expect(report.calibration.images).toBe(20);
    expect(report.validation.images).toBeGreaterThan(5);
    expect(report.validation.images).toBeLessThan(30);
    const saved = JSON.parse(await readFile(reportFileFor(outFile), 'utf8')) as QuantizationReport;
    expect(saved.sizes.int8Bytes).toBe((await stat(outFile)).size);
    expect(saved.opTypes.find((r) => r.opType === 'Conv')?.int8).toBe(2);
    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(outFile)));
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(32 * 32).fill(0.5), [1, 32, 32, 1]) });
    const p = out['probabilities']?.data as Float32Array;
    expect(p[0]! + p[1]!).toBeCloseTo(1, 5);
  });

  it('names the files and the fix on bad input', async () => {
    await expect(quantizeFile({ modelFile: join(dir, 'missing.onnx'), dataDir: join(dir, 'data'), outFile: join(dir, 'x.onnx') })).rejects.toThrow(/cannot read ONNX file .*missing\.onnx.*Fix:/);
    const err = await quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile: modelFile }).catch((e: unknown) => e);
    expect(isValidationError(err)).toBe(true);
    expect(String(err)).toMatch(/outFile must differ from modelFile/);
    await expect(quantizeFile({ modelFile, dataDir: join(dir, 'data'), outFile: join(dir, 'y.onnx'), method: 'bogus' })).rejects.toThrow(/method must be one of entropy, minmax, percentile/);
  });
});
