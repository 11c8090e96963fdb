import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelCardFromMetadataProps } from '@medimg/core';
import { ensembleOnnx } from '@medimg/export';
import { decodeModel, encodeModel, type OnnxModel } from '@medimg/onnx';
import { quantize } from './index';
import { onnxPredictor } from '@medimg/runtime';
import { trainedClassifier, type TrainedClassifier } from './test-support/trained-classifier';

let a: TrainedClassifier;
let ensemble: OnnxModel;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medimg-quantize-ensemble-'));
  a = await trainedClassifier(16, 7);
  const b = await trainedClassifier(16, 8);
  const member = (t: TrainedClassifier, source: string): { onnx: OnnxModel; card: NonNullable<ReturnType<typeof modelCardFromMetadataProps>>; source: string } => ({
    onnx: t.onnx,
    card: modelCardFromMetadataProps(t.onnx.metadataProps, source) as NonNullable<ReturnType<typeof modelCardFromMetadataProps>>,
    source,
  });
  ensemble = ensembleOnnx({ members: [member(a, 'seed7'), member(b, 'seed8')] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('quantize a seed ensemble (one graph)', () => {
  it('runs both members in INT8, keeps the Mean in FP32, keeps accuracy within 1% and the ensemble card', async () => {
    const { model, bytes, report } = await quantize({ model: ensemble, calibration: a.train, validation: a.validation, calibrationSize: 100 });
    expect(report.fp32.accuracy).toBeGreaterThan(0.85);
    expect(report.int8.accuracy).toBeGreaterThanOrEqual(0.99 * report.fp32.accuracy);
    expect(report.opTypes.find((r) => r.opType === 'Conv')).toEqual({ opType: 'Conv', total: 4, int8: 4 });
    expect(report.opTypes.find((r) => r.opType === 'Gemm')).toEqual({ opType: 'Gemm', total: 4, int8: 4 });
    const card = modelCardFromMetadataProps(model.metadataProps, 'int8 ensemble');
    expect(card?.ensemble?.members.map((m) => m.source)).toEqual(['seed7', 'seed8']);
    const file = join(dir, 'optimized.onnx');
    const s = await ort.InferenceSession.create(bytes, { optimizedModelFilePath: file, graphOptimizationLevel: 'extended' });
    await s.release();
    const ops = decodeModel(new Uint8Array(await readFile(file))).graph.node.map((n) => n.opType);
    expect(ops.filter((o) => o === 'QLinearConv')).toHaveLength(4);
    expect(ops.filter((o) => o === 'Mean')).toHaveLength(1);
    const [fp32, int8] = await Promise.all([onnxPredictor(encodeModel(ensemble)), onnxPredictor(bytes)]);
    let maxDiff = 0;
    for await (const batch of a.validation.batches({ batchSize: 50 })) {
      const p = await fp32.predict(batch);
      const q = await int8.predict(batch);
      for (let i = 0; i < p.length; i++) maxDiff = Math.max(maxDiff, Math.abs((p[i] ?? 0) - (q[i] ?? 0)));
    }
    await Promise.all([fp32.dispose(), int8.dispose()]);
    expect(maxDiff).toBeLessThan(0.15);
  });
});
