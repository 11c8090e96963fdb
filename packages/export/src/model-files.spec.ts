import { createModelCard, modelFormat, readModelCard, saveLayersModel } from '@medimg/core';
import { decodeModel, encodeModel, floatValues } from '@medimg/onnx';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPredictor, readOnnxCard } from '@medimg/runtime';
import { exportOnnx, freeze, freezeModelDir, toOnnx } from './index';
import { grayZoo } from './test-models';

const tmp = mkdtempSync(join(tmpdir(), 'medimg-export-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const metadata = createModelCard({
  architecture: 'test-zoo',
  classNames: ['NORMAL', 'PNEUMONIA', 'OTHER'],
  positiveClass: 1,
  preprocessing: { imageSize: 15, channels: 1, resize: 'stretch', scale: 'in-graph' },
  threshold: 0.42,
  provenance: { seed: 3 },
});

describe('model directories and files', () => {
  const modelDir = join(tmp, 'layers');
  beforeAll(async () => {
    const model = grayZoo({ inputShape: [15, 15, 1], rescale: true });
    await saveLayersModel(model, modelDir, metadata);
    model.dispose();
  });

  it('exportOnnx writes a verified .onnx whose metadata reads back', async () => {
    const outFile = join(tmp, 'out', 'model.onnx');
    const report = await exportOnnx({ modelDir, outFile });
    expect(report.maxAbsDiff).not.toBeNull();
    expect(report.maxAbsDiff!).toBeLessThanOrEqual(1e-4);
    expect(report.bytes).toBe(statSync(outFile).size);
    expect(report.opCounts['Conv']).toBe(3);
    expect(report.opCounts['Gemm']).toBe(2);
    expect(report.opCounts['Transpose']).toBe(1);
    expect(report.opCounts['BatchNormalization']).toBeUndefined();
    expect([report.inputName, report.outputName, report.opset]).toEqual(['input', 'probabilities', 13]);
    expect(readOnnxCard(outFile)).toEqual(metadata);
    const onnx = decodeModel(readFileSync(outFile));
    // the in-graph Rescaling(1/255) reads the raw input first
    expect(onnx.graph.node.slice(0, 3).map((n) => n.name)).toEqual(['input_to_nchw', 'rescale/Mul', 'rescale/Add']);
    expect(Array.from(floatValues(onnx.graph.initializer.find((t) => t.name === 'rescale.scale')!))).toEqual([Math.fround(1 / 255)]);
    expect(JSON.parse(onnx.metadataProps.find((p) => p.key === 'classNames')!.value)).toEqual(metadata.classNames);
    expect(onnx.graph.input[0]!.dims).toEqual(['batch', 15, 15, 1]);
    // every weight is a named initializer
    expect(onnx.graph.initializer.map((t) => t.name)).toContain('c2_stride2_nobias.weight');
    const predictor = await loadPredictor(outFile);
    expect(predictor.card).toEqual(metadata);
    expect(predictor.numClasses).toBe(3);
    await predictor.dispose();
    expect(readdirSync(join(tmp, 'out'))).toEqual(['model.onnx']);
  });

  it('readOnnxCard explains a missing file and a model without a card', async () => {
    expect(() => readOnnxCard(join(tmp, 'missing.onnx'))).toThrow(/missing\.onnx.*Fix/);
    const bare = join(tmp, 'bare.onnx');
    const model = grayZoo();
    writeFileSync(bare, encodeModel(toOnnx({ model })));
    model.dispose();
    expect(() => readOnnxCard(bare)).toThrow(/no medimg model card/);
    await expect(loadPredictor(bare)).rejects.toThrow(/no medimg model card.*Fix: export it with `medimg export-onnx/);
  });

  it('refuses a card that does not describe the model, naming both values', async () => {
    const model = grayZoo();
    expect(() => toOnnx({ model, metadata })).toThrow(/the model card says input \[15, 15, 1\] but the model takes \[15, 13, 1\][\s\S]*the model card says preprocessing.scale 'in-graph' but the model has no in-graph rescaling \('unit'\)/);
    await expect(freeze({ model, outDir: join(tmp, 'bad'), metadata })).rejects.toThrow(/the model card says input/);
    model.dispose();
  });

  it('freezeModelDir keeps the model card and the format reads as graph-model', async () => {
    const outDir = join(tmp, 'frozen');
    const report = await freezeModelDir({ modelDir, outDir });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(await readModelCard(outDir)).toEqual(metadata);
    expect(await modelFormat(outDir)).toBe('graph-model');
    expect(report.foldedBatchNorms).toEqual(['bn_fold']);
    expect(report.fusedActivations).toEqual(['leaky']);
    expect(report.droppedLayers).toEqual(['drop']);
    const p = await loadPredictor(outDir);
    expect([p.engine, p.numClasses]).toEqual(['tfjs-graph', 3]);
    expect(p.card).toEqual(metadata);
    await p.dispose();
  });

  it('compresses weights to float16 and uint8 with a reported size and output delta', async () => {
    const model = grayZoo();
    const none = await freeze({ model, outDir: join(tmp, 'c-none') });
    const f16 = await freeze({ model, outDir: join(tmp, 'c-f16'), compress: 'float16' });
    const u8 = await freeze({ model, outDir: join(tmp, 'c-u8'), compress: 'uint8' });
    model.dispose();
    const int32Bytes = 4 * 2 * 1; // the Reshape shape constant stays int32
    expect(f16.weightBytes - int32Bytes).toBe((none.weightBytes - int32Bytes) / 2);
    expect(u8.weightBytes - int32Bytes).toBe((none.weightBytes - int32Bytes) / 4);
    expect(none.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(f16.maxAbsDiff).toBeGreaterThan(0);
    expect(f16.maxAbsDiff).toBeLessThan(5e-3);
    expect(u8.maxAbsDiff).toBeGreaterThan(f16.maxAbsDiff);
    expect(u8.maxAbsDiff).toBeLessThan(0.1);
    const manifest = JSON.parse(readFileSync(join(tmp, 'c-u8', 'model.json'), 'utf8')) as { weightsManifest: { weights: { quantization?: { dtype: string } }[] }[] };
    expect(manifest.weightsManifest[0]!.weights.filter((w) => w.quantization?.dtype === 'uint8').length).toBeGreaterThan(0);
  });
});
