import { modelCardFromMetadataProps } from '@medimg/core';
import { ensembleOnnx } from '@medimg/export';
import { encodeModel, type OnnxModel } from '@medimg/onnx';
import { quantize } from './index';
import { int8OutputGap } from './test-support/int8-output-gap';
import { optimizedOpTypes } from './test-support/optimized-op-types';
import { trainedClassifier, type TrainedClassifier } from './test-support/trained-classifier';

let a: TrainedClassifier;
let ensemble: OnnxModel;

beforeAll(async () => {
  a = await trainedClassifier(16, 7);
  const b = await trainedClassifier(16, 8);
  const member = (t: TrainedClassifier, source: string): { onnx: OnnxModel; card: NonNullable<ReturnType<typeof modelCardFromMetadataProps>>; source: string } => ({
    onnx: t.onnx,
    card: modelCardFromMetadataProps(t.onnx.metadataProps, source) as NonNullable<ReturnType<typeof modelCardFromMetadataProps>>,
    source,
  });
  ensemble = ensembleOnnx({ members: [member(a, 'seed7'), member(b, 'seed8')] });
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
    const ops = await optimizedOpTypes(bytes);
    expect(ops.filter((o) => o === 'QLinearConv')).toHaveLength(4);
    expect(ops.filter((o) => o === 'Mean')).toHaveLength(1);
    expect((await int8OutputGap(encodeModel(ensemble), bytes, a.validation)).maxDiff).toBeLessThan(0.15);
  });
});
