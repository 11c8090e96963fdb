import { renderHtml, renderMarkdown } from './render-report';
import { reportCharts } from './charts';
import { ticks } from './svg';
import type { ReportData } from './types';

const data: ReportData = {
  title: 'medimg pipeline report',
  generatedAt: '2026-11-27T00:00:00Z',
  command: 'medimg pipeline --out out',
  machine: { cpu: 'Test CPU', cores: 2, node: 'v20', platform: 'linux' },
  backend: 'wasm',
  dataset: {
    dataDir: '/tmp/synth',
    synthetic: true,
    classNames: ['NORMAL', 'PNEUMONIA'],
    counts: [
      { split: 'train', className: 'NORMAL', images: 90 },
      { split: 'train', className: 'PNEUMONIA', images: 90 },
    ],
    skipped: 1,
  },
  training: {
    architecture: 'compact-cnn',
    epochs: 3,
    batchSize: 16,
    lr: 0.001,
    imageSize: 64,
    channels: 1,
    seconds: 12.5,
    imagesPerSecond: 43.2,
    history: [
      { epoch: 1, loss: 0.7, valLoss: 0.6, valAuc: 0.8, valAccuracy: 0.7 },
      { epoch: 2, loss: 0.5, valLoss: 0.4, valAuc: 0.9, valAccuracy: 0.8 },
      { epoch: 3, loss: 0.3, valLoss: 0.35, valAuc: 0.95, valAccuracy: 0.9 },
    ],
  },
  evaluation: {
    split: 'validation',
    fp32: { accuracy: 0.9, sensitivity: 0.95, specificity: 0.85, precision: 0.8636, f1: 0.9048, auc: 0.9512, threshold: 0.5, images: 40 },
    int8: { accuracy: 0.9, sensitivity: 0.95, specificity: 0.85, precision: 0.8636, f1: 0.9048, auc: 0.95, threshold: 0.5, images: 40 },
    roc: [
      { fpr: 0, tpr: 0 },
      { fpr: 0.1, tpr: 0.8 },
      { fpr: 1, tpr: 1 },
    ],
    confusion: { labels: ['NORMAL', 'PNEUMONIA'], matrix: [[17, 3], [1, 19]] },
    intervals: { accuracy: { lo: 0.8, hi: 0.975 }, sensitivity: { lo: 0.85, hi: 1 }, specificity: { lo: 0.7, hi: 1 }, auc: { lo: 0.88, hi: 0.99 } },
    calibration: { ece: 0.0625, bins: [{ lo: 0.5, hi: 0.6, count: 0, confidence: NaN, accuracy: NaN }, { lo: 0.6, hi: 0.7, count: 10, confidence: 0.65, accuracy: 0.6 }, { lo: 0.9, hi: 1, count: 30, confidence: 0.95, accuracy: 1 }] },
    histograms: { edges: [0, 0.5, 1], scoreClass: 'PNEUMONIA', counts: [[17, 3], [1, 19]] },
    operatingPoints: [{ policy: 'sensitivity:0.95', threshold: 0.12, metrics: { accuracy: 0.85, sensitivity: 1, specificity: 0.7, precision: 0.7692, f1: 0.8696, auc: 0.9512, threshold: 0.12 } }],
  },
  quantization: { method: 'minmax', ops: [{ opType: 'Conv', total: 4, int8: 3 }], fp32Bytes: 4_000_000, int8Bytes: 1_000_000, met: true, fallbackLayers: [{ node: 'conv_0', reason: 'sensitivity 0.02' }] },
  benchmark: { rows: [{ engine: 'onnx-fp32', batchSize: 1, threads: 2, latencyMs: 2.5, throughput: 400 }, { engine: 'onnx-int8', batchSize: 1, threads: 2, latencyMs: 1.25, throughput: 800 }] },
};

describe('report', () => {
  it('computes nice ticks', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0, 800)).toEqual([0, 200, 400, 600, 800]);
  });

  it('renders every section of the Markdown with the numbers', () => {
    const md = renderMarkdown(data);
    expect(md).toContain('tfjs backend **wasm**');
    expect(md).toContain('| accuracy | 90.00% | 90.00% |');
    expect(md).toContain('| ROC AUC | 0.9512 | 0.9500 |');
    expect(md).toContain('| Conv | 4 | 3 | 1 |');
    expect(md).toContain('4.00 MB FP32 -> 1.00 MB INT8');
    expect(md).toContain('| conv_0 | sensitivity 0.02 |');
    expect(md).toContain('| onnx-int8 | 1 | 2 | 1.25 | 800 |');
    expect(md).toContain('![roc](report/roc.svg)');
    expect(md).toContain('95% bootstrap intervals (FP32, 1000 resamples): accuracy 80.00%-97.50%, sensitivity 85.00%-100.00%, specificity 70.00%-100.00%, ROC AUC 0.8800-0.9900.');
    expect(md).toContain('expected calibration error 0.0625');
    expect(md).toContain('| sensitivity:0.95 | 0.120 | 85.00% | 100.00% | 70.00% | 76.92% |');
    expect(md).toContain('![reliability](report/reliability.svg)\n![histograms](report/histograms.svg)');
  });

  it('draws the confusion matrix counts and one chart per topic', () => {
    const charts = reportCharts(data);
    expect(Object.keys(charts).sort()).toEqual(['confusion', 'fp32-int8', 'histograms', 'latency', 'loss', 'reliability', 'roc', 'throughput', 'validation']);
    expect(charts['reliability']).toContain('ECE 0.0625');
    expect(charts['reliability']).not.toContain('NaN');
    for (const v of [17, 3, 1, 19]) expect(charts['histograms']).toContain(`>${v}</text>`);
    expect(charts['histograms']).toContain('p(PNEUMONIA) per true class');
    for (const v of [17, 3, 1, 19]) expect(charts['confusion']).toContain(`>${v}</text>`);
    expect(charts['roc']).toContain('AUC 0.9512');
  });

  it('writes a self-contained HTML page with inline SVG', () => {
    const html = renderHtml(data);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBe(9);
    expect(html).not.toMatch(/(src|href)="http/);
    expect(html).toContain('<td>ROC AUC</td><td>0.9512</td><td>0.9500</td>');
  });
  it('shows a model with three classes: one-vs-rest ROC per class, a 3 x 3 confusion matrix, macro metrics and a per-class table', () => {
    const roc = (auc: number): { fpr: number; tpr: number }[] => [{ fpr: 0, tpr: 0 }, { fpr: 1 - auc, tpr: 1 }, { fpr: 1, tpr: 1 }];
    const three: ReportData = {
      ...data,
      dataset: { ...data.dataset, classNames: ['BACTERIA', 'NORMAL', 'VIRUS'] },
      evaluation: {
        split: 'test',
        fp32: { accuracy: 0.8, sensitivity: 0.8, specificity: NaN, precision: 0.81, f1: 0.795, auc: 0.9, threshold: 0.5, images: 30 },
        int8: { accuracy: 0.7667, sensitivity: 0.7667, specificity: NaN, precision: 0.78, f1: 0.76, auc: 0.89, threshold: 0.5, images: 30 },
        roc: [],
        perClass: [
          { className: 'BACTERIA', precision: 0.9, recall: 0.9, f1: 0.9, auc: 0.95, roc: roc(0.95) },
          { className: 'NORMAL', precision: 0.8, recall: 0.8, f1: 0.8, auc: 0.9, roc: roc(0.9) },
          { className: 'VIRUS', precision: 0.7273, recall: 0.8, f1: 0.7619, auc: 0.85, roc: roc(0.85) },
        ],
        confusion: { labels: ['BACTERIA', 'NORMAL', 'VIRUS'], matrix: [[9, 0, 1], [1, 8, 1], [1, 2, 7]] },
        intervals: { accuracy: { lo: 0.65, hi: 0.93 }, macroRecall: { lo: 0.64, hi: 0.93 }, macroAuc: { lo: 0.8, hi: 0.97 } },
      },
    };
    const md = renderMarkdown(three);
    expect(md).toContain('| accuracy (argmax) | 80.00% | 76.67% |');
    expect(md).toContain('| macro ROC AUC (one-vs-rest) | 0.9000 | 0.8900 |');
    expect(md).toContain('| VIRUS | 72.73% | 80.00% | 0.7619 | 0.8500 |');
    expect(md).toContain('macro recall 64.00%-93.00%, macro ROC AUC 0.8000-0.9700.');
    expect(md).not.toMatch(/NaN|sensitivity \(recall of positive\)/);
    const charts = reportCharts(three);
    for (const c of ['BACTERIA vs rest (AUC 0.95)', 'NORMAL vs rest (AUC 0.9)', 'VIRUS vs rest (AUC 0.85)']) expect(charts['roc']).toContain(c);
    expect(charts['roc']).toContain('macro AUC 0.9000');
    expect((charts['roc']!.match(/<path d="M/g) ?? []).length).toBe(3);
    expect((charts['confusion']!.match(/<rect x=/g) ?? []).length).toBe(9);
    for (const v of [9, 8, 7, 2]) expect(charts['confusion']).toContain(`>${v}</text>`);
    expect(charts['fp32-int8']).toContain('macro F1');
    expect(charts['fp32-int8']).not.toContain('NaN');
  });
});
