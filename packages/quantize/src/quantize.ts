import { ValidationError, withModelCard } from '@medimg/core';
import { encodeModel, type OnnxModel } from '@medimg/onnx';
import { getCalibrator } from './calibrators/registry';
import { collectStats } from './calibrate';
import { decisionOf } from './decision';
import { evaluateBytes } from './evaluate';
import { fuseMatMulAdd } from './fuse-matmul-add';
import { nameNodes } from './graph-index';
import { loadOnnxModel } from './load-model';
import { resolveQuantizeOptions } from './options';
import { planQuantization } from './plan';
import { opTypeStats, weightBytes } from './report';
import { checkInputShape } from './check-input-shape';
import { tune } from './tune';
import type { QuantizeOptions, QuantizeResult, TensorRange } from './types';

/**
 * Static INT8 post-training quantization of an FP32 ONNX classifier into QDQ format for onnxruntime, calibrated on
 * training images, with an accuracy guard on the validation set at the model card's threshold (accuracy, sensitivity,
 * specificity, AUC) and per-layer FP32 fallback (see `QuantizeOptions`). The model must carry a model card.
 */
export async function quantize(options: QuantizeOptions): Promise<QuantizeResult> {
  const o = resolveQuantizeOptions(options);
  const { logger } = o;
  const original = await loadOnnxModel(options.model);
  checkInputShape(original, options.calibration, 'calibration');
  checkInputShape(original, options.validation, 'validation');
  const named = { ...original, graph: nameNodes(original.graph) };
  const unknown = o.excludeNodes.filter((n) => !named.graph.node.some((m) => m.name === n));
  if (unknown.length > 0) throw new ValidationError('quantize', [`excludeNodes names unknown nodes: ${unknown.join(', ')}`]);
  const fused = fuseMatMulAdd(named.graph);
  const model: OnnxModel = { ...named, graph: fused.graph };
  const decision = decisionOf(model, typeof options.model === 'string' ? options.model : 'the ONNX model');
  const fp32Bytes = encodeModel(original);

  const calibrator = getCalibrator(o.method);
  const started = Date.now();
  const allTensors = planQuantization(model.graph, new Set(o.excludeNodes)).tensors;
  const { stats, images } = await collectStats({
    model,
    tensors: allTensors,
    images: options.calibration,
    size: o.calibrationSize,
    batchSize: o.batchSize,
    seed: o.seed,
    histogram: calibrator.needsHistogram,
    scale: decision.scale,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  const ranges = new Map<string, TensorRange>();
  for (const [t, s] of stats) ranges.set(t, calibrator.computeRange(s, { percentile: o.percentile, symmetric: o.activations === 'int8' }));
  const seconds = (Date.now() - started) / 1000;
  logger.info(`quantize: calibrated ${allTensors.length} tensors with ${o.method} on ${images} training images in ${seconds.toFixed(1)} s`);

  const fp32 = await evaluateBytes(encodeModel(model), options.validation, {
    batchSize: o.batchSize,
    decision,
    onBatch: (done) => options.onProgress?.({ phase: 'evaluate', done, total: options.validation.size }),
  });
  if (o.metric === 'auc' && fp32.scores.auc === null) throw new ValidationError('quantize', ['metric auc needs every class in the validation set. Fix: use metric accuracy']);
  const tuned = await tune({ model, ranges, validation: options.validation, fp32, decision, options: o, ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}) });
  if (!tuned.met) {
    const failed = tuned.guard.filter((c) => !c.met).map((c) => `${c.metric} ${c.int8.toFixed(4)} < ${c.goal.toFixed(4)}`);
    logger.warn(`quantize: the INT8 guard failed after ${tuned.trials.length} trials (${failed.join(', ')}); returning the best candidate`);
  }
  // The INT8 model carries the FP32 model's card, marked int8 (same classes, preprocessing, threshold and split).
  const int8Model = { ...tuned.chosen.model, metadataProps: withModelCard(tuned.chosen.model.metadataProps, { ...decision.card, precision: 'int8' }) };
  const int8Bytes = encodeModel(int8Model);

  const report = {
    format: 'medimg-quantization-report@1' as const,
    opTypes: opTypeStats(model.graph, tuned.chosen.plan.nodes),
    preprocess: { fusedMatMulAdd: fused.fused },
    sizes: { fp32Bytes: fp32Bytes.byteLength, int8Bytes: int8Bytes.byteLength, fp32WeightBytes: weightBytes(original), int8WeightBytes: weightBytes(tuned.chosen.model) },
    fp32: fp32.scores,
    int8: tuned.scores,
    metric: o.metric,
    tolerance: o.tolerance,
    goal: tuned.goal,
    guard: tuned.guard,
    met: tuned.met,
    fallbackLayers: tuned.fallbackLayers,
    calibration: { method: o.method, images, seconds, activations: o.activations, ...(o.method === 'percentile' ? { percentile: o.percentile } : {}) },
    validation: { images: options.validation.size },
    trials: tuned.trials.length,
    trialLog: tuned.trials,
  };
  return { model: int8Model, bytes: int8Bytes, report };
}
