import { barChart } from './bar-chart';
import { confusionMatrixSvg } from './confusion-matrix';
import { lineChart } from './line-chart';
import { fmt } from './svg';
import type { ReportData } from './types';

/** Every chart of the report, by file stem, as standalone SVG strings. */
export function reportCharts(data: ReportData): Record<string, string> {
  const h = data.training.history;
  const charts: Record<string, string> = {};
  const loss = [{ name: 'train loss', points: h.map((e) => [e.epoch, e.loss] as const) }];
  const valLoss = h.filter((e) => e.valLoss !== undefined).map((e) => [e.epoch, e.valLoss as number] as const);
  if (valLoss.length > 0) loss.push({ name: 'validation loss', points: valLoss });
  charts['loss'] = lineChart({ title: 'Loss per epoch', series: loss, xLabel: 'epoch', yLabel: 'loss' });
  const auc = h.filter((e) => e.valAuc !== undefined).map((e) => [e.epoch, e.valAuc as number] as const);
  const acc = h.filter((e) => e.valAccuracy !== undefined).map((e) => [e.epoch, e.valAccuracy as number] as const);
  if (auc.length > 0 || acc.length > 0) {
    charts['validation'] = lineChart({
      title: 'Validation AUC and accuracy per epoch',
      series: [{ name: 'AUC', points: auc }, { name: 'accuracy', points: acc }],
      xLabel: 'epoch',
      yLabel: 'metric',
      yRange: [Math.min(0.5, ...auc.map((p) => p[1]), ...acc.map((p) => p[1])), 1],
    });
  }
  const perClass = data.evaluation.perClass;
  charts['roc'] = lineChart({
    title: perClass === undefined
      ? `ROC curve (${data.evaluation.split}, AUC ${data.evaluation.fp32.auc.toFixed(4)})`
      : `ROC one-vs-rest per class (${data.evaluation.split}, macro AUC ${data.evaluation.fp32.auc.toFixed(4)})`,
    series: perClass === undefined
      ? [{ name: 'FP32', points: data.evaluation.roc.map((p) => [p.fpr, p.tpr] as const) }]
      : perClass.map((c) => ({ name: `${c.className} vs rest (AUC ${fmt(c.auc, 3)})`, points: c.roc.map((p) => [p.fpr, p.tpr] as const) })),
    xLabel: 'false positive rate (1 - specificity)',
    yLabel: 'true positive rate (sensitivity)',
    yRange: [0, 1],
    diagonal: true,
    width: perClass === undefined ? 360 : 460,
    height: 340,
  });
  const cal = data.evaluation.calibration;
  if (cal !== undefined) {
    const filled = cal.bins.filter((b) => b.count > 0);
    charts['reliability'] = lineChart({
      title: `Reliability diagram (${data.evaluation.split}, ECE ${fmt(cal.ece)})`,
      series: [{ name: 'accuracy per confidence bin', points: filled.map((b) => [b.confidence, b.accuracy] as const) }],
      xLabel: 'mean top-label probability (confidence)',
      yLabel: 'accuracy',
      yRange: [0, 1],
      diagonal: true,
      width: 360,
      height: 340,
    });
  }
  const hist = data.evaluation.histograms;
  if (hist !== undefined) {
    charts['histograms'] = barChart({
      title: `p(${hist.scoreClass}) per true class (${data.evaluation.split})`,
      groups: hist.edges.slice(0, -1).map((lo, i) => `${fmt(lo, 2)}-${fmt(hist.edges[i + 1] ?? 1, 2)}`),
      series: hist.counts.map((values, c) => ({ name: data.evaluation.confusion.labels[c] ?? String(c), values })),
      unit: 'images',
      width: 620,
    });
  }
  charts['confusion'] = confusionMatrixSvg(data.evaluation.confusion.labels, data.evaluation.confusion.matrix, `Confusion matrix (${data.evaluation.split})`);
  if (data.evaluation.int8 !== undefined) {
    const f = data.evaluation.fp32;
    const q = data.evaluation.int8;
    const multi = perClass !== undefined;
    charts['fp32-int8'] = barChart({
      title: `FP32 vs INT8 (${data.evaluation.split})`,
      groups: multi ? ['accuracy', 'macro recall', 'macro F1', 'macro AUC'] : ['accuracy', 'sensitivity', 'specificity', 'AUC'],
      series: [
        { name: 'FP32', values: multi ? [f.accuracy, f.sensitivity, f.f1, f.auc] : [f.accuracy, f.sensitivity, f.specificity, f.auc] },
        { name: 'INT8', values: multi ? [q.accuracy, q.sensitivity, q.f1, q.auc] : [q.accuracy, q.sensitivity, q.specificity, q.auc] },
      ],
      unit: 'metric',
    });
  }
  const rows = data.benchmark?.rows ?? [];
  if (rows.length > 0) {
    const engines = [...new Set(rows.map((r) => r.engine))];
    const batches = [...new Set(rows.map((r) => r.batchSize))].sort((a, b) => a - b);
    const threads = Math.max(...rows.map((r) => r.threads));
    const pick = (e: string, b: number, key: 'throughput' | 'latencyMs'): number =>
      rows.find((r) => r.engine === e && r.batchSize === b && r.threads === threads)?.[key] ?? 0;
    charts['throughput'] = barChart({
      title: `Throughput (${threads} thread${threads > 1 ? 's' : ''})`,
      groups: batches.map((b) => `batch ${b}`),
      series: engines.map((e) => ({ name: e, values: batches.map((b) => pick(e, b, 'throughput')) })),
      unit: 'images/s',
    });
    charts['latency'] = barChart({
      title: `Latency per batch (${threads} thread${threads > 1 ? 's' : ''})`,
      groups: batches.map((b) => `batch ${b}`),
      series: engines.map((e) => ({ name: e, values: batches.map((b) => pick(e, b, 'latencyMs')) })),
      unit: 'ms',
    });
  }
  return charts;
}
