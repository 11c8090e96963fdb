import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { loadGraphModelDir, type ImageBatch } from '@medimg/core';
import { encodeModel } from '@medimg/onnx';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeze, graphModelPredictor, onnxPredictor, toOnnx } from './index';
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
    const session = await ort.InferenceSession.create(encodeModel(onnx));
    try {
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['probabilities']);
      // dynamic batch: 1 and 3 images
      for (const n of [1, 3]) {
        const x = probe.subarray(0, n * shape[0] * shape[1] * shape[2]);
        const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x), [n, ...shape]) });
        const y = out['probabilities']!.data as Float32Array;
        expect(y.length).toBe((expected.length / 3) * n);
        expect(maxAbsDiff(expected.subarray(0, y.length), y)).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await session.release();
    }
  });

  it('predicts ImageBatches the same through the LayersModel, the GraphModel and ONNX predictors', async () => {
    const dir = join(tmp, `${label.replace(/\W+/g, '-')}-pred`);
    await freeze({ model, outDir: dir });
    const file = join(tmp, `${label.replace(/\W+/g, '-')}.onnx`);
    writeFileSync(file, encodeModel(toOnnx({ model })));
    const batch = imageBatch(2, shape, 5);
    const reference = predictLayers(model, Float32Array.from(batch.pixels, (p) => p / 255), shape);
    const graph = await graphModelPredictor(dir);
    const onnx = await onnxPredictor(file, { threads: 1 });
    try {
      expect(graph.inputShape).toEqual(shape);
      expect(onnx.inputShape).toEqual(shape);
      expect(onnx.numClasses).toBe(graph.numClasses);
      expect(maxAbsDiff(reference, await graph.predict(batch))).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(reference, await onnx.predict(batch))).toBeLessThanOrEqual(1e-4);
    } finally {
      graph.dispose();
      onnx.dispose();
    }
  });
});

it('leaves no tensors behind (freeze, toOnnx, predictors)', async () => {
  const model = grayZoo();
  const dir = join(tmp, 'leak');
  const file = join(tmp, 'leak.onnx');
  const batch = imageBatch(2, [15, 13, 1], 3);
  const once = async (): Promise<void> => {
    await freeze({ model, outDir: dir, compress: 'uint8' });
    writeFileSync(file, encodeModel(toOnnx({ model })));
    const g = await graphModelPredictor(dir);
    await g.predict(batch);
    g.dispose();
    const o = await onnxPredictor(file);
    await o.predict(batch);
    o.dispose();
  };
  await once();
  const before = tf.memory().numTensors;
  await once();
  await once();
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
