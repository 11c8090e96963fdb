import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { decodeModel, encodeModel, DataType } from '@medimg/onnx';
import { formatQuantizationReport, quantize, registerCalibrator } from './index';
import { int8OutputGap } from './test-support/int8-output-gap';
import { optimizedOpTypes } from './test-support/optimized-op-types';
import { trainedClassifier, type TrainedClassifier } from './test-support/trained-classifier';

let trained: TrainedClassifier;

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  const before = tf.memory().numTensors;
  trained = await trainedClassifier();
  expect(tf.memory().numTensors).toBe(before);
});

describe('quantize', () => {
  it('keeps a trained classifier within 1% and runs INT8 kernels in onnxruntime', async () => {
    const { model, bytes, report } = await quantize({ model: trained.onnx, calibration: trained.train, validation: trained.validation, calibrationSize: 100 });
    const md = formatQuantizationReport(report);
    expect(md).toContain('| Conv | 2 | 2 | 0 |');
    expect(md).toContain('Fallback layers: none.');
    expect(report.fp32.accuracy).toBeGreaterThan(0.85);
    expect(report.int8.accuracy).toBeGreaterThanOrEqual(0.99 * report.fp32.accuracy);
    expect(report.met).toBe(true);
    expect(report.fallbackLayers).toEqual([]);
    expect(report.calibration.images).toBe(100);
    const row = (op: string): { total: number; int8: number } | undefined => report.opTypes.find((r) => r.opType === op);
    expect(row('Conv')).toEqual({ opType: 'Conv', total: 2, int8: 2 });
    expect(row('Gemm')).toEqual({ opType: 'Gemm', total: 2, int8: 2 });
    expect(row('Softmax')?.int8).toBe(0);
    expect(row('MatMul')).toBeUndefined(); // @medimg/export writes Gemm for dense layers
    // weights shrink ~4x (int8 vs float32; scales and int32 biases are the rest)
    expect(report.sizes.fp32WeightBytes / report.sizes.int8WeightBytes).toBeGreaterThan(3.3);
    expect(model.graph.initializer.filter((t) => t.dataType === DataType.INT8).length).toBeGreaterThanOrEqual(3);
    // onnxruntime fuses the QDQ pairs into integer kernels
    const ops = await optimizedOpTypes(bytes);
    expect(ops).toEqual(expect.arrayContaining(['QLinearConv']));
    expect(ops.some((o) => o === 'QGemm' || o === 'QLinearMatMul')).toBe(true);
    expect(ops).not.toContain('Conv');
    // one QuantizeLinear at the input, one DequantizeLinear before Softmax: no requantization inside (Relu folds into Q)
    expect(ops.filter((o) => o === 'QuantizeLinear')).toHaveLength(1);
    expect(ops.filter((o) => o === 'DequantizeLinear')).toHaveLength(1);
    expect(ops).not.toContain('Relu');
    // outputs close to FP32
    const gap = await int8OutputGap(encodeModel(trained.onnx), bytes, trained.validation);
    expect(gap.cards.int8).toEqual({ ...gap.cards.fp32, precision: 'int8' }); // the INT8 model carries the card
    expect(gap.maxDiff).toBeLessThan(0.15);
    expect(gap.maxDiff).toBeGreaterThan(0);
    // the guard compares accuracy, sensitivity, specificity and AUC at the card's threshold
    expect(report.guard.map((c) => c.metric)).toEqual(['accuracy', 'sensitivity', 'specificity', 'auc']);
    for (const c of report.guard) expect(c.met).toBe(c.int8 >= (1 - report.tolerance) * c.fp32);
    expect(report.fp32.threshold).toBe(0.5);
  });

  it('falls back the most sensitive layers to FP32 when INT8 misses the goal, and says why', async () => {
    // A deliberately harsh calibrator: every activation range cut to 3% of what was observed, so INT8 saturates.
    registerCalibrator('harsh-test', { needsHistogram: false, computeRange: (s) => ({ min: s.min * 0.03, max: s.max * 0.03 }) });
    const progress: string[] = [];
    const { bytes, report } = await quantize({
      model: encodeModel(trained.onnx),
      calibration: trained.train,
      validation: trained.validation,
      calibrationSize: 40,
      method: 'harsh-test',
      tolerance: 0.01,
      maxTrials: 8,
      sensitivitySize: 32,
      onProgress: (p) => progress.push(p.phase),
    });
    const first = report.trialLog[0];
    expect(first?.fallback).toEqual([]);
    expect(first?.met).toBe(false);
    expect(first?.scores.accuracy ?? 1).toBeLessThan(0.99 * report.fp32.accuracy);
    expect(report.trials).toBeGreaterThan(1);
    expect(report.trials).toBeLessThanOrEqual(8);
    expect(report.fallbackLayers.length).toBeGreaterThan(0);
    for (const f of report.fallbackLayers) {
      expect(f.reason).toMatch(/rank \d+ of \d+ by sensitivity/);
      expect(Number.isFinite(f.sensitivity)).toBe(true);
    }
    // ranked: sensitivities of the chosen fallbacks do not increase
    const s = report.fallbackLayers.map((f) => f.sensitivity);
    expect([...s].sort((a, b) => b - a)).toEqual(s);
    // the result improved on the fully quantized model, and the fallback layers really are FP32
    expect(report.int8.accuracy).toBeGreaterThan(first?.scores.accuracy ?? 1);
    const int8Nodes = report.opTypes.reduce((a, r) => a + r.int8, 0);
    expect(int8Nodes).toBeLessThan(11);
    const kept = decodeModel(bytes).graph.node.filter((n) => report.fallbackLayers.some((f) => f.node === n.name));
    expect(kept.length).toBe(report.fallbackLayers.length);
    expect(progress).toEqual(expect.arrayContaining(['calibrate', 'evaluate', 'sensitivity']));
    expect(formatQuantizationReport(report)).toContain('| Fallback layer (FP32) |');
  });

  it('writes int8 symmetric activations on request (percentile calibration, AUC guard) and honours excludeNodes', async () => {
    const conv = trained.onnx.graph.node.find((n) => n.opType === 'Conv')?.name ?? '';
    const { model, bytes, report } = await quantize({
      model: trained.onnx,
      calibration: trained.train,
      validation: trained.validation,
      activations: 'int8',
      method: 'percentile',
      metric: 'auc',
      excludeNodes: [conv],
    });
    expect(report.metric).toBe('auc');
    expect(report.int8.auc ?? 0).toBeGreaterThanOrEqual(0.99 * (report.fp32.auc ?? 1));
    expect(report.calibration).toMatchObject({ method: 'percentile', percentile: 99.99, activations: 'int8' });
    const zeroPoints = model.graph.initializer.filter((t) => t.name.endsWith('_zero_point') && t.dims.length === 0 && t.dataType !== DataType.INT32);
    expect(zeroPoints.length).toBeGreaterThan(3);
    for (const z of zeroPoints) expect(z.dataType).toBe(DataType.INT8);
    expect(report.opTypes.find((r) => r.opType === 'Conv')).toEqual({ opType: 'Conv', total: 2, int8: 1 });
    const excluded = model.graph.node.find((n) => n.name === conv);
    expect(excluded?.input[1]).toBe(trained.onnx.graph.node.find((n) => n.name === conv)?.input[1]); // FP32 weight kept
    const ops = await optimizedOpTypes(bytes);
    expect(ops.filter((o) => o === 'QLinearConv')).toHaveLength(1);
    expect(ops.filter((o) => o === 'Conv' || o === 'FusedConv')).toHaveLength(1);
  });
});
