import { encodeModel } from '@medimg/onnx';
import { quantize } from './index';
import { int8OutputGap } from './test-support/int8-output-gap';
import { optimizedOpTypes } from './test-support/optimized-op-types';
import { residualCnn, trainedClassifier, type TrainedClassifier } from './test-support/trained-classifier';

let trained: TrainedClassifier;

beforeAll(async () => {
  trained = await trainedClassifier(16, 5, residualCnn, 6);
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
    const ops = await optimizedOpTypes(bytes);
    expect(ops.filter((o) => o === 'QLinearAdd')).toHaveLength(2);
    expect(ops.filter((o) => o === 'QLinearConv')).toHaveLength(6);
    expect(ops).not.toContain('Add');
    expect(ops).not.toContain('Relu'); // the ReLU after each Add folds into the Add's QuantizeLinear
    const { maxDiff } = await int8OutputGap(encodeModel(trained.onnx), bytes, trained.validation);
    expect(maxDiff).toBeLessThan(0.15);
    expect(maxDiff).toBeGreaterThan(0);
  });
});
