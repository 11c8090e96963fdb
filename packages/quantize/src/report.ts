import type { OnnxGraph, OnnxModel } from '@medimg/onnx';
import type { OpTypeStats, QuantizationReport } from './types';

/** Nodes per op type of the FP32 graph and how many of them are quantized ("Mixed Precision Statistics"). */
export function opTypeStats(graph: OnnxGraph, quantized: ReadonlySet<string>): OpTypeStats[] {
  const rows = new Map<string, OpTypeStats>();
  for (const n of graph.node) {
    const row = rows.get(n.opType) ?? { opType: n.opType, total: 0, int8: 0 };
    row.total++;
    if (quantized.has(n.name)) row.int8++;
    rows.set(n.opType, row);
  }
  return [...rows.values()].sort((a, b) => a.opType.localeCompare(b.opType));
}

/** Bytes of the initializers (weights) of a model. */
export function weightBytes(model: OnnxModel): number {
  return model.graph.initializer.reduce((sum, t) => sum + (t.rawData?.byteLength ?? 4 * ((t.floatData?.length ?? 0) + (t.int32Data?.length ?? 0)) + 8 * (t.int64Data?.length ?? 0)), 0);
}

const f4 = (x: number | null): string => (x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(4));
const mb = (b: number): string => `${(b / 1e6).toFixed(3)} MB`;

/** The report as Markdown: Mixed Precision Statistics, sizes, validation scores, the accuracy goal and fallbacks. */
export function formatQuantizationReport(report: QuantizationReport): string {
  const lines = ['## Mixed Precision Statistics', '', '| Op Type | Total | INT8 | FP32 |', '| --- | ---: | ---: | ---: |'];
  for (const r of report.opTypes) lines.push(`| ${r.opType} | ${r.total} | ${r.int8} | ${r.total - r.int8} |`);
  const s = report.sizes;
  lines.push(
    '',
    '| | FP32 | INT8 | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| model size | ${mb(s.fp32Bytes)} | ${mb(s.int8Bytes)} | ${(s.fp32Bytes / Math.max(1, s.int8Bytes)).toFixed(2)}x |`,
    `| weights | ${mb(s.fp32WeightBytes)} | ${mb(s.int8WeightBytes)} | ${(s.fp32WeightBytes / Math.max(1, s.int8WeightBytes)).toFixed(2)}x |`,
    `| validation accuracy | ${f4(report.fp32.accuracy)} | ${f4(report.int8.accuracy)} | |`,
    `| validation sensitivity | ${f4(report.fp32.sensitivity)} | ${f4(report.int8.sensitivity)} | |`,
    `| validation specificity | ${f4(report.fp32.specificity)} | ${f4(report.int8.specificity)} | |`,
    `| validation AUC | ${f4(report.fp32.auc)} | ${f4(report.int8.auc)} | |`,
    '',
    `Accuracy guard${report.fp32.threshold !== null ? ` at the model card's threshold ${report.fp32.threshold.toFixed(4)}` : ' (argmax)'}: each INT8 metric >= (1 - ${report.tolerance}) x FP32 on ${report.validation.images} validation images: ${report.met ? 'met' : 'NOT met'} after ${report.trials} trial(s)${report.met ? '' : ` (${report.guard.filter((c) => !c.met).map((c) => `${c.metric} ${c.int8.toFixed(4)} < ${c.goal.toFixed(4)}`).join(', ')})`}.`,
    `Calibration: ${report.calibration.method}${report.calibration.percentile !== undefined ? ` (${report.calibration.percentile}%)` : ''} on ${report.calibration.images} training images, ${report.calibration.activations} activations, ${report.calibration.seconds.toFixed(1)} s.`,
  );
  if (report.split !== undefined) {
    const s = report.split;
    lines.push(`Split (${s.source}): seed ${s.seed}, val-split ${s.valSplit}, grouped by ${s.grouping}; ${s.validationFiles} validation files, digest ${s.validationDigest}.`);
  }
  if (report.preprocess.fusedMatMulAdd > 0) lines.push(`Pre-processing: ${report.preprocess.fusedMatMulAdd} MatMul + Add pair(s) fused into Gemm.`);
  if (report.opTypes.every((r) => r.int8 === 0)) lines.push('WARNING: no op runs in INT8 (every layer had to stay FP32 for the goal); this model gains nothing from quantization with these settings.');
  if (report.fallbackLayers.length === 0) lines.push('Fallback layers: none.');
  else {
    lines.push('', '| Fallback layer (FP32) | Op | Sensitivity | Reason |', '| --- | --- | ---: | --- |');
    for (const f of report.fallbackLayers) lines.push(`| ${f.node} | ${f.opType} | ${f.sensitivity.toExponential(3)} | ${f.reason} |`);
  }
  return lines.join('\n') + '\n';
}
