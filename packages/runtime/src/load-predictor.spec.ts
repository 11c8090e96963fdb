import * as tf from '@tensorflow/tfjs';
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createMemoryLogger, createModelCard, saveLayersModel, selectBackend, type ImageBatch, type ModelCard } from '@medimg/core';
import { encodeModel } from '@medimg/onnx';
import { tinyDenseOnnx } from '@medimg/onnx/testing';
import { listPredictorEngines, loadPredictor, registerPredictorEngine, resolveModelPath } from './index';

const H = 4;
const K = H * H;
const kernel = Float32Array.from({ length: K * 2 }, (_, i) => Math.sin(i * 1.7) * 3);
const bias = Float32Array.from([0.1, -0.2]);

function card(scale: 'unit' | 'in-graph'): ModelCard {
  return createModelCard({
    architecture: 'tiny-dense',
    classNames: ['NORMAL', 'PNEUMONIA'],
    positiveClass: 1,
    preprocessing: { imageSize: H, channels: 1, resize: 'stretch', scale },
    threshold: 0.4,
    thresholdPolicy: { name: 'youden', on: 'validation' },
  });
}

/** flatten -> dense softmax, with (in-graph) or without (unit) a Rescaling(1/255) first layer. */
function tinyModel(rescale: boolean): tf.LayersModel {
  const input = tf.input({ shape: [H, H, 1] });
  let x: tf.SymbolicTensor = input;
  if (rescale) x = tf.layers.rescaling({ scale: 1 / 255 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 2, activation: 'softmax' });
  const y = dense.apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: y });
  dense.setWeights([tf.tensor2d(kernel, [K, 2]), tf.tensor1d(bias)]);
  return model;
}

/** The same network as ONNX, rescaling in the graph (Mul by 1/255). */
function tinyOnnx(c: ModelCard): Uint8Array {
  return encodeModel(tinyDenseOnnx({ side: H, kernel, bias, card: c }));
}

function batch(n: number): ImageBatch {
  const pixels = Uint8Array.from({ length: n * K }, (_, i) => (i * 37) % 256);
  return { pixels, labels: new Int32Array(n), size: n, height: H, width: H, channels: 1, indices: Int32Array.from({ length: n }, (_, i) => i) };
}

describe('loadPredictor', () => {
  let root: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
    root = await mkdtemp(join(tmpdir(), 'medimg-runtime-'));
    const inGraph = tinyModel(true);
    await saveLayersModel(inGraph, join(root, 'run', 'best'), card('in-graph'));
    inGraph.dispose();
    const legacy = tinyModel(false);
    await saveLayersModel(legacy, join(root, 'legacy'), card('unit'));
    legacy.dispose();
    await writeFile(join(root, 'model.onnx'), tinyOnnx(card('in-graph')));
  });

  it('gives the same probabilities from raw pixels on every engine, in-graph or legacy unit scaling', async () => {
    const logger = createMemoryLogger();
    const layers = await loadPredictor(join(root, 'run'), { logger });
    expect(logger.records.map((r) => r.message)).toContain(`using ${join(root, 'run', 'best')} (the best model of the training run in ${join(root, 'run')})`);
    const onnx = await loadPredictor(join(root, 'model.onnx'), { threads: 1 });
    const legacy = await loadPredictor(join(root, 'legacy'));
    expect([layers.engine, onnx.engine, legacy.engine]).toEqual(['tfjs-layers', 'onnxruntime', 'tfjs-layers']);
    expect(onnx.card).toEqual(layers.card);
    expect(onnx.inputShape).toEqual([H, H, 1]);
    const b = batch(3);
    const a = await layers.predict(b);
    const o = await onnx.predict(b);
    const l = await legacy.predict(b);
    // reference: softmax(flatten(pixels / 255) W + b) computed here in float64
    for (let n = 0; n < 3; n++) {
      const z = [0, 1].map((c) => {
        let s = bias[c] as number;
        for (let i = 0; i < K; i++) s += ((b.pixels[n * K + i] as number) / 255) * (kernel[i * 2 + c] as number);
        return s;
      });
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const p1 = (e[1] as number) / ((e[0] as number) + (e[1] as number));
      for (const out of [a, o, l]) expect(out[n * 2 + 1]).toBeCloseTo(p1, 5);
    }
    expect(Math.abs((a[0] as number) - 0.5)).toBeGreaterThan(1e-3); // the weights make a non-trivial decision
    layers.dispose();
    await onnx.dispose();
    legacy.dispose();
  });

  it('rejects a mismatched batch, an unknown engine and an engine for another kind, naming them', async () => {
    const p = await loadPredictor(join(root, 'model.onnx'));
    await expect(p.predict({ ...batch(1), height: 5, width: 5, pixels: new Uint8Array(25) })).rejects.toThrow(/batch images are 5x5x1, the model expects 4x4x1/);
    await p.dispose();
    await expect(loadPredictor(join(root, 'model.onnx'), { engine: 'nope' })).rejects.toThrow(/engine must be one of .*onnxruntime.*; got "nope"/);
    await expect(loadPredictor(join(root, 'model.onnx'), { engine: 'tfjs-layers' })).rejects.toThrow(/engine tfjs-layers runs layers-model models but .*model.onnx is a onnx/);
  });

  it('explains a path that is not a model', async () => {
    await mkdir(join(root, 'empty'), { recursive: true });
    await expect(resolveModelPath(join(root, 'empty'))).rejects.toThrow(/has no model.json \(nor best\/model.json of a training run\)\. Fix:/);
    await expect(resolveModelPath(join(root, 'missing'))).rejects.toThrow(/does not exist\. Fix:/);
    await writeFile(join(root, 'x.txt'), 'hi');
    await expect(resolveModelPath(join(root, 'x.txt'))).rejects.toThrow(/is a file but not an .onnx model/);
  });

  it('registers engines by name', () => {
    expect(listPredictorEngines()).toEqual(expect.arrayContaining(['onnxruntime', 'tfjs-graph', 'tfjs-layers']));
    registerPredictorEngine('test-engine', { kinds: ['onnx'], load: () => Promise.reject(new Error('unused')) });
    expect(listPredictorEngines()).toContain('test-engine');
    expect(() => registerPredictorEngine('Bad Name', { kinds: [], load: () => Promise.reject(new Error('x')) })).toThrow(/kebab-case/);
  });
});
