import * as tf from '@tensorflow/tfjs';

import { createModelCard, loadGraphModelDir, pixelScaleOf, type ImageBatch, type ModelCard } from '@medimg/core';
import { createOrtSession, loadOrt, loadPredictor } from '@medimg/runtime';
import { encodeModel } from '@medimg/onnx';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeze, toOnnx } from './index';
import { featureMapModel, flatOutputModel, globalMaxModel, grayZoo, residualZoo, rgbZoo } from './test-models';
import { maxAbsDiff, probeBatch } from './probe';
import { writeFileSync } from 'node:fs';

const tmp = mkdtempSync(join(tmpdir(), 'medimg-export-rt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function predictLayers(model: tf.LayersModel, x: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor(x, [x.length / shape.reduce((a, b) => a * b, 1), ...shape])) as tf.Tensor).dataSync() as Float32Array).slice();
}

function imageBatch(size: number, [h, w, c]: [number, number, number], seed: number): ImageBatch {
  const pixels = Uint8Array.from(probeBatch(size, [h, w, c], seed), (v) => Math.round(v * 255));
  return { pixels, labels: new Int32Array(size), size, height: h, width: w, channels: c as 1 | 3, indices: Int32Array.from({ length: size }, (_, i) => i) };
}

const zoo: [string, () => tf.LayersModel][] = [
  ['grayscale sequential zoo', grayZoo],
  ['RGB functional zoo', rgbZoo],
  ['flattened-feature output', flatOutputModel],
  ['feature-map output', featureMapModel],
  ['global max pooling', globalMaxModel],
  ['residual (identity and projection shortcuts, 3-way Add)', residualZoo],
];

describe.each(zoo)('round trip: %s', (label, build) => {
  let model: tf.LayersModel;
  let shape: [number, number, number];
  let probe: Float32Array;
  let expected: Float32Array;
  beforeAll(() => {
    model = build();
    shape = model.inputs[0]!.shape.slice(1) as [number, number, number];
    probe = probeBatch(3, shape, 99);
    expected = predictLayers(model, probe, shape);
  });
  afterAll(() => model.dispose());

  it('freezes to a GraphModel that tf.loadGraphModel runs with max abs diff <= 1e-5', async () => {
    const dir = join(tmp, `${label.replace(/\W+/g, '-')}-graph`);
    const report = await freeze({ model, outDir: dir });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const graph = await loadGraphModelDir(dir);
    const actual = tf.tidy(() => (graph.execute(tf.tensor(probe, [3, ...shape]), 'probabilities') as tf.Tensor).dataSync().slice() as Float32Array);
    graph.dispose();
    expect(actual.length).toBe(expected.length);
    expect(maxAbsDiff(expected, actual)).toBeLessThanOrEqual(1e-5);
    // Inference-only: no batch-norm or dropout ops survive, convs and dense layers are fused ops.
    expect(Object.keys(report.opCounts).filter((op) => /BatchNorm|Dropout|^Conv2D$|^MatMul$/.test(op))).toEqual([]);
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    expect(report.opCounts['_FusedConv2D'] ?? 0).toBe(convs);
  });

  it('converts to ONNX that onnxruntime runs with max abs diff <= 1e-4', async () => {
    const onnx = toOnnx({ model, camOutput: false });
    const ops = onnx.graph.node.map((n) => n.opType);
    expect(ops.filter((op) => op === 'Transpose').length).toBeLessThanOrEqual(label === 'feature-map output' ? 2 : 1);
    expect(ops[0]).toBe('Transpose');
    const session = await createOrtSession(encodeModel(onnx));
    try {
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['probabilities']);
      // dynamic batch: 1 and 3 images
      for (const n of [1, 3]) {
        const x = probe.subarray(0, n * shape[0] * shape[1] * shape[2]);
        const ort = await loadOrt();
        const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), [n, ...shape]) });
        const y = out['probabilities']!.data as Float32Array;
        expect(y.length).toBe((expected.length / 3) * n);
        expect(maxAbsDiff(expected.subarray(0, y.length), y)).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await session.release();
    }
  });
});

/** A card for a square model with 1 or 3 channels, scaled as the model expects. */
function cardFor(model: tf.LayersModel): ModelCard {
  const [h, , c] = model.inputs[0]!.shape.slice(1) as [number, number, 1 | 3];
  const classes = model.outputs[0]!.shape.at(-1) as number;
  return createModelCard({
    architecture: model.name,
    classNames: Array.from({ length: classes }, (_, k) => `C${k}`),
    preprocessing: { imageSize: h, channels: c, resize: 'stretch', scale: pixelScaleOf(model) },
  });
}

const carded: [string, () => tf.LayersModel, 'in-graph' | 'unit'][] = [
  ['grayscale zoo with in-graph Rescaling(1/255)', () => grayZoo({ inputShape: [15, 15, 1], rescale: true }), 'in-graph'],
  ['grayscale zoo without (legacy pixels / 255)', () => grayZoo({ inputShape: [15, 15, 1] }), 'unit'],
  ['RGB functional zoo (legacy pixels / 255)', rgbZoo, 'unit'],
];

describe.each(carded)('predictors from raw pixels: %s', (label, build, scale) => {
  it('give the LayersModel answer through the GraphModel and ONNX engines of @medimg/runtime', async () => {
    const model = build();
    const card = cardFor(model);
    expect(card.preprocessing.scale).toBe(scale);
    const shape = card.inputShape;
    const dir = join(tmp, `${label.replace(/\W+/g, '-')}-pred`);
    await freeze({ model, outDir: dir, metadata: card });
    const file = join(tmp, `${label.replace(/\W+/g, '-')}.onnx`);
    writeFileSync(file, encodeModel(toOnnx({ model, metadata: card })));
    const batch = imageBatch(2, shape, 5);
    // the reference feeds the LayersModel what it was built for: raw values, or values / 255 for a legacy model
    const reference = predictLayers(model, Float32Array.from(batch.pixels, (p) => (scale === 'in-graph' ? p : p / 255)), shape);
    const graph = await loadPredictor(dir);
    const onnx = await loadPredictor(file, { threads: 1 });
    try {
      expect([graph.engine, onnx.engine]).toEqual(['tfjs-graph', 'onnxruntime']);
      expect(graph.inputShape).toEqual(shape);
      expect(onnx.card).toEqual(card);
      expect(onnx.numClasses).toBe(graph.numClasses);
      expect(maxAbsDiff(reference, await graph.predict(batch))).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(reference, await onnx.predict(batch))).toBeLessThanOrEqual(1e-4);
      expect(new Set(Array.from(reference, (v) => v.toFixed(3))).size).toBeGreaterThan(2); // not a constant output
    } finally {
      graph.dispose();
      await onnx.dispose();
      model.dispose();
    }
  });
});

it('leaves no tensors behind (freeze, toOnnx, predictors)', async () => {
  const model = grayZoo({ inputShape: [15, 15, 1], rescale: true });
  const card = cardFor(model);
  const dir = join(tmp, 'leak');
  const file = join(tmp, 'leak.onnx');
  const batch = imageBatch(2, [15, 15, 1], 3);
  const once = async (): Promise<void> => {
    await freeze({ model, outDir: dir, compress: 'uint8', metadata: card });
    writeFileSync(file, encodeModel(toOnnx({ model, metadata: card })));
    const g = await loadPredictor(dir);
    await g.predict(batch);
    g.dispose();
    const o = await loadPredictor(file);
    await o.predict(batch);
    await o.dispose();
  };
  await once();
  const before = tf.memory().numTensors;
  await once();
  await once();
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
