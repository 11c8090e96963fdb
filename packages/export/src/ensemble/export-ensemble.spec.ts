import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createModelCard, isValidationError, saveLayersModel, selectBackend, type ModelCard } from '@medimg/core';
import { decodeModel, encodeModel } from '@medimg/onnx';
import { readOnnxCard } from '@medimg/runtime';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEnsemble, toOnnx } from '../index';
import { maxAbsDiff, probeBatch } from '../probe';
import { randomizeBatchNorms, residualZoo } from '../test-models';

const tmp = mkdtempSync(join(tmpdir(), 'medimg-ensemble-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

const card = (seed: number, threshold: number, classNames = ['A', 'B', 'C']): ModelCard =>
  createModelCard({
    architecture: 'residual-zoo',
    classNames,
    positiveClass: 1,
    preprocessing: { imageSize: 13, channels: 1, resize: 'stretch', scale: 'unit' },
    threshold,
    thresholdPolicy: { name: 'youden', on: 'validation' },
    provenance: { seed, datasetDigest: 'd1' },
    metrics: { validation: { images: 10, accuracy: (80 + seed) / 100 } },
  });

/** residualZoo (square: a card describes square inputs) with its own batch-norm statistics per seed (so the members disagree). */
function member(seed: number): tf.LayersModel {
  const m = residualZoo([13, 13, 1]);
  randomizeBatchNorms(m, 100 * seed);
  return m;
}

describe('exportEnsemble', () => {
  it('writes one graph whose output is the mean of the members (LayersModel dirs and an .onnx file), with an ensemble card', async () => {
    const models = [member(1), member(2), member(3)];
    const shape = [13, 13, 1] as const;
    const probe = probeBatch(4, shape, 17);
    const tfjsOut = models.map((m) => tf.tidy(() => (m.predict(tf.tensor4d(probe, [4, ...shape])) as tf.Tensor).dataSync().slice() as Float32Array));
    await saveLayersModel(models[0]!, join(tmp, 'run1', 'best'), card(1, 0.3));
    await saveLayersModel(models[1]!, join(tmp, 'm2'), card(2, 0.5));
    const memberOnnx = toOnnx({ model: models[2]!, metadata: card(3, 0.4) });
    writeFileSync(join(tmp, 'm3.onnx'), encodeModel(memberOnnx));
    const memberBytes = models.map((m) => encodeModel(toOnnx({ model: m })));
    models.forEach((m) => m.dispose());

    const outFile = join(tmp, 'ens.onnx');
    const report = await exportEnsemble({ models: [join(tmp, 'run1'), join(tmp, 'm2'), join(tmp, 'm3.onnx')], outFile });
    expect(report.maxAbsDiff).not.toBeNull();
    expect(report.maxAbsDiff!).toBeLessThanOrEqual(1e-5);
    expect(report.members.map((m) => m.kind)).toEqual(['layers-model', 'layers-model', 'onnx']);
    expect(report.members[0]!.path).toBe(join(tmp, 'run1', 'best'));

    const onnx = decodeModel(readFileSync(outFile));
    expect(onnx.graph.input.map((i) => i.name)).toEqual(['input']);
    expect(onnx.graph.output.map((o) => o.name)).toEqual(['probabilities']); // members' cam outputs are dropped
    expect(onnx.graph.node.filter((n) => n.opType === 'Mean')).toHaveLength(1);
    expect(onnx.graph.node.filter((n) => n.opType === 'Add').length).toBe(3 * 3);

    // The ensemble vs the mean of the members run alone (same engine) and vs the mean of the tfjs LayersModels.
    const run = async (bytes: Uint8Array): Promise<Float32Array> => {
      const s = await ort.InferenceSession.create(bytes);
      const out = await s.run({ input: new ort.Tensor('float32', probe, [4, ...shape]) });
      await s.release();
      return out['probabilities']!.data as Float32Array;
    };
    const got = await run(readFileSync(outFile));
    const alone: Float32Array[] = [];
    for (const bytes of memberBytes) alone.push(await run(bytes));
    const mean = (outs: Float32Array[]): Float32Array => outs[0]!.map((_, i) => outs.reduce((a, o) => a + o[i]!, 0) / outs.length);
    expect(got).toHaveLength(4 * 3);
    expect(maxAbsDiff(got, mean(alone))).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(got, mean(tfjsOut))).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(got, alone[0]!)).toBeGreaterThan(1e-3); // the members really differ

    const c = readOnnxCard(outFile);
    expect(c.architecture).toBe('ensemble(residual-zoo x3)');
    expect(c.threshold).toBeCloseTo(0.4, 6);
    expect(c.thresholdPolicy).toEqual({ name: 'members-mean', inferred: true });
    expect(c.metrics).toBeUndefined();
    expect(c.provenance.datasetDigest).toBe('d1');
    expect(c.ensemble?.combine).toBe('mean-probabilities');
    expect(c.ensemble?.members.map((m) => [m.source, m.seed, m.threshold, m.validation?.accuracy])).toEqual([
      [join(tmp, 'run1'), 1, 0.3, 0.81],
      [join(tmp, 'm2'), 2, 0.5, 0.82],
      [join(tmp, 'm3.onnx'), 3, 0.4, 0.83],
    ]);
    const fixed = await exportEnsemble({ models: [join(tmp, 'm2'), join(tmp, 'm3.onnx')], outFile: join(tmp, 'ens2.onnx'), threshold: 0.25, verify: false });
    expect(fixed.maxAbsDiff).toBeNull();
    expect(readOnnxCard(join(tmp, 'ens2.onnx'))).toMatchObject({ threshold: 0.25, thresholdPolicy: { name: 'fixed' } });
  });

  it('refuses members that disagree on classes, naming both, and fewer than two members', async () => {
    const m = member(4);
    await saveLayersModel(m, join(tmp, 'other'), card(4, 0.5, ['X', 'Y', 'Z']));
    m.dispose();
    const err = await exportEnsemble({ models: [join(tmp, 'm2'), join(tmp, 'other')], outFile: join(tmp, 'bad.onnx') }).catch((e: unknown) => e);
    expect(isValidationError(err)).toBe(true);
    expect(String(err)).toContain(`${join(tmp, 'other')} has classNames ["X","Y","Z"], ${join(tmp, 'm2')} has ["A","B","C"]`);
    expect(String(err)).toMatch(/Fix: ensemble models trained on the same classes/);
    await expect(exportEnsemble({ models: [join(tmp, 'm2')], outFile: join(tmp, 'one.onnx') })).rejects.toThrow(/models must list 2 or more model paths/);
  });
});
