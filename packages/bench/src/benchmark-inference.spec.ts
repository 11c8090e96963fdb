import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelCard, saveLayersModel, selectBackend } from '@medimg/core';
import { attr, encodeModel, floatTensor, node, valueInfo } from '@medimg/onnx';
import { benchmarkInference, createEngine, listEngines, resultsToMarkdown, writeResults } from './index';

/** x [batch, 4, 4, 1] -> Flatten -> MatMul W[16, 2] -> Softmax. */
function tinyOnnx(): Uint8Array {
  const w = Float32Array.from({ length: 32 }, (_, i) => ((i % 7) - 3) / 10);
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'medimg-bench-test',
    producerVersion: '0',
    metadataProps: [],
    graph: {
      name: 'tiny',
      node: [node('Flatten', ['x'], ['flat'], [attr.int('axis', 1)]), node('MatMul', ['flat', 'W'], ['logits']), node('Softmax', ['logits'], ['y'], [attr.int('axis', 1)])],
      initializer: [floatTensor('W', [16, 2], w)],
      input: [valueInfo('x', ['batch', 4, 4, 1])],
      output: [valueInfo('y', ['batch', 2])],
    },
  });
}

describe('benchmarkInference', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medimg-bench-'));
    await selectBackend({ backend: 'cpu' });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the four engines by name and names them when one is unknown', () => {
    expect(listEngines()).toEqual(['onnxruntime', 'onnxruntime-int8', 'tfjs-graph', 'tfjs-layers']);
    expect(() => createEngine('tensorrt', { model: { path: 'x' } })).toThrow(/unknown engine "tensorrt".*onnxruntime, onnxruntime-int8/);
  });

  it('runs a real ONNX model in onnxruntime across batch sizes and thread counts', async () => {
    const path = join(dir, 'tiny.onnx');
    const bytes = tinyOnnx();
    await writeFile(path, bytes);
    const engine = createEngine('onnxruntime', { model: { path }, threads: 1 });
    const info = await engine.load();
    const probs = await engine.run(new Float32Array(3 * 16).fill(0.5), 3);
    expect(probs.length).toBe(6);
    expect((probs[0] ?? 0) + (probs[1] ?? 0)).toBeCloseTo(1, 5);
    expect(info).toEqual({ inputShape: [4, 4, 1], modelHash: createHash('sha256').update(bytes).digest('hex'), modelLabel: 'tiny.onnx', threads: 1, pixelScale: 'unit' }); // no model card: pixels / 255
    await engine.dispose();

    const seen: number[] = [];
    const result = await benchmarkInference({ engine: 'onnxruntime', model: { path }, batchSizes: [1, 4], threads: [1, 2], warmup: 1, trials: 5, referenceRuns: 7, onCase: (c) => seen.push(c.batchSize) });
    expect(seen).toEqual([1, 4, 1, 4]);
    expect(result.kind).toBe('inference');
    expect(result.backend).toBe('onnxruntime-cpu');
    expect(result.model.hash).toBe(info.modelHash);
    expect(result.cases.map((c) => [c.batchSize, c.threads, c.trials, c.perBatchMs.count])).toEqual([
      [1, 1, 5, 5],
      [4, 1, 5, 5],
      [1, 2, 5, 5],
      [4, 2, 5, 5],
    ]);
    for (const c of result.cases) {
      expect(c.throughput).toBeGreaterThan(0);
      expect(c.perBatchMs.min).toBeGreaterThan(0);
      expect(c.perBatchMs.min).toBeLessThanOrEqual(c.perBatchMs.p50);
      expect(c.perBatchMs.p50).toBeLessThanOrEqual(c.perBatchMs.p99);
      expect(c.perImageMs.mean).toBeCloseTo(c.perBatchMs.mean / c.batchSize, 10);
      expect(c.referenceKit.throughput).toBeCloseTo(1000 / c.referenceKit.latencyMs, 8);
      expect(c.peakRssBytes).toBeGreaterThan(1e6);
    }
    expect(result.referenceKit?.runs).toBe(7);
    expect(result.referenceKit?.minLatencyMsBatch1.map((m) => m.threads)).toEqual([1, 2]);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.peakRssBytes).toBeGreaterThan(1e6);

    await writeResults([result], { jsonPath: join(dir, 'r.json'), markdownPath: join(dir, 'r.md') });
    const back = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as unknown[];
    expect(back).toEqual([JSON.parse(JSON.stringify(result))]);
    const md = await readFile(join(dir, 'r.md'), 'utf8');
    expect(md).toBe(resultsToMarkdown([result]));
    expect(md.split('\n').filter((l) => /^\| [14] \| [12] \|/.test(l))).toHaveLength(4);
  });

  it('runs a real tfjs LayersModel from disk without leaking tensors', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const modelDir = join(dir, 'layers');
    await saveLayersModel(model, modelDir, createModelCard({ architecture: 'test', classNames: ['A', 'B'], positiveClass: 1, preprocessing: { imageSize: 8, channels: 1, resize: 'stretch', scale: 'unit' }, threshold: 0.5 }));
    model.dispose();
    const before = tf.memory().numTensors;
    const result = await benchmarkInference({ engine: 'tfjs-layers', model: { path: modelDir }, batchSizes: [2], threads: [1, 2], warmup: 1, trials: 3, minSeconds: 0.05, referenceRuns: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.backend).toBe('cpu');
    expect(result.model).toEqual({ label: 'layers', hash: expect.stringMatching(/^[0-9a-f]{64}$/), inputShape: [8, 8, 1] });
    expect(result.cases).toHaveLength(1);
    expect(result.cases[0]?.threads).toBeNull();
    expect(result.cases[0]?.trials).toBeGreaterThanOrEqual(3);
    expect(result.cases[0]?.seconds).toBeGreaterThanOrEqual(0.05);
    expect(result.cases[0]?.throughput).toBeGreaterThan(0);
  });

  it('rejects bad options with every problem listed', async () => {
    await expect(benchmarkInference({ engine: 'onnxruntime', model: {}, batchSizes: [0], trials: 0 })).rejects.toThrow(/model needs a path[\s\S]*batchSizes\[\][\s\S]*trials/);
  });
});
