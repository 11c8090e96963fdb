import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeModel, encodeModel } from '@medimg/onnx';
import { quantize } from './index';
import { onnxPredictor } from '@medimg/runtime';
import { residualCnn, trainedClassifier, type TrainedClassifier } from './test-support/trained-classifier';

let trained: TrainedClassifier;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medimg-quantize-residual-'));
  trained = await trainedClassifier(16, 5, residualCnn, 6);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('quantize a residual network', () => {
  it('quantizes both residual Adds (QLinearAdd in onnxruntime), keeps accuracy within 1% and the outputs close', async () => {
    expect(trained.onnx.graph.node.filter((n) => n.opType === 'Add')).toHaveLength(2);
    const { bytes, report } = await quantize({ model: trained.onnx, calibration: trained.train, validation: trained.validation, calibrationSize: 100 });
    expect(report.fp32.accuracy).toBeGreaterThan(0.85);
    expect(report.int8.accuracy).toBeGreaterThanOrEqual(0.99 * report.fp32.accuracy);
    expect(report.fallbackLayers).toEqual([]);
    expect(report.opTypes.find((r) => r.opType === 'Add')).toEqual({ opType: 'Add', total: 2, int8: 2 });
    // 6 network convs in INT8; the 7th is the `cam` head, a graph output, which stays FP32.
    expect(report.opTypes.find((r) => r.opType === 'Conv')).toEqual({ opType: 'Conv', total: 7, int8: 6 });
    const file = join(dir, 'optimized.onnx');
    const s = await ort.InferenceSession.create(bytes, { optimizedModelFilePath: file, graphOptimizationLevel: 'extended' });
    await s.release();
    const ops = decodeModel(new Uint8Array(await readFile(file))).graph.node.map((n) => n.opType);
    expect(ops.filter((o) => o === 'QLinearAdd')).toHaveLength(2);
    expect(ops.filter((o) => o === 'QLinearConv')).toHaveLength(6);
    expect(ops).not.toContain('Add');
    expect(ops).not.toContain('Relu'); // the ReLU after each Add folds into the Add's QuantizeLinear
    const [fp32, int8] = await Promise.all([onnxPredictor(encodeModel(trained.onnx)), onnxPredictor(bytes)]);
    let maxDiff = 0;
    for await (const batch of trained.validation.batches({ batchSize: 50 })) {
      const a = await fp32.predict(batch);
      const b = await int8.predict(batch);
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    }
    await Promise.all([fp32.dispose(), int8.dispose()]);
    expect(maxDiff).toBeLessThan(0.15);
    expect(maxDiff).toBeGreaterThan(0);
  });
});
