import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@medimg/core';
import { reportCharts } from './report/charts';
import { renderHtml, renderMarkdown } from './report/render-report';
import type { ReportData, ReportMetrics } from './report/types';
import type { PipelineSettings } from './settings';
import type { BenchmarkStageResult } from './stage-benchmark';
import type { DataStageResult } from './stage-data';
import type { EvaluateStageResult, SplitEvaluation } from './stage-evaluate';
import type { QuantizeStageResult } from './stage-quantize';
import type { TrainStageResult } from './stage-train';

export interface ReportInputs {
  data: DataStageResult;
  train: TrainStageResult;
  evaluate: EvaluateStageResult;
  evaluateInt8?: EvaluateStageResult;
  quantize?: QuantizeStageResult;
  benchmark?: BenchmarkStageResult;
}

const metrics = (e: SplitEvaluation): ReportMetrics => ({
  accuracy: e.accuracy,
  sensitivity: e.sensitivity,
  specificity: e.specificity,
  precision: e.precision,
  f1: e.f1,
  auc: e.auc,
  threshold: e.threshold,
  images: e.images,
});

/** Builds the report data from the stages' results. Evaluation shows the test split when there is one, else validation. */
export function buildReportData(s: PipelineSettings, r: ReportInputs): ReportData {
  const pick = (e: EvaluateStageResult | undefined): SplitEvaluation | undefined => e?.splits.find((x) => x.split === 'test') ?? e?.splits[0];
  const fp32 = pick(r.evaluate);
  if (fp32 === undefined) throw new Error('Error in report: the evaluate stage has no results. Fix: rerun with --from evaluate.');
  const int8 = r.evaluateInt8?.splits.find((x) => x.split === fp32.split);
  const inspect = r.data.inspect;
  const counts = Object.entries(inspect.splits).flatMap(([split, sp]) => Object.entries(sp?.counts ?? {}).map(([className, images]) => ({ split, className, images })));
  const val = r.evaluate.splits.find((x) => x.split === 'validation');
  const notes: string[] = [];
  const sides = r.train.data.sides;
  if (sides !== undefined) {
    notes.push(
      `Training used a stratified${sides.groupByPatient ? ', patient-grouped' : ''} ${Math.round((1 - sides.valSplit) * 100)}:${Math.round(sides.valSplit * 100)} split of train (seed ${sides.seed}): ${sides.train.images} images / ${sides.train.patients} patients for training, ${sides.validation.images} images / ${sides.validation.patients} patients for validation.`,
    );
  }
  if (val !== undefined && fp32.split !== 'validation') notes.push(`Validation (threshold chosen here): accuracy ${(val.accuracy * 100).toFixed(2)}%, AUC ${val.auc.toFixed(4)}.`);
  const q = r.quantize?.report;
  const t = r.train.train;
  return {
    title: 'medimg pipeline report',
    generatedAt: new Date().toISOString(),
    command: s.command,
    machine: { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
    backend: r.train.backend,
    dataset: { dataDir: r.data.dataDir, synthetic: r.data.synthetic, classNames: inspect.classNames, counts, skipped: inspect.skippedCount, decoder: r.train.data.decoder, notes },
    training: {
      architecture: t.architecture,
      epochs: t.epochsRun,
      batchSize: s.batchSize,
      lr: s.lr,
      imageSize: s.imageSize,
      channels: s.channels,
      seconds: t.timing.totalSeconds,
      imagesPerSecond: t.timing.imagesPerSecond,
      history: r.train.history.map((h) => ({
        epoch: h.epoch,
        loss: h.loss,
        ...(h.val !== undefined ? { valLoss: h.val.loss, valAccuracy: h.val.accuracy } : {}),
        ...(h.val?.auc !== undefined ? { valAuc: h.val.auc } : {}),
      })),
    },
    evaluation: {
      split: fp32.split, fp32: metrics(fp32), ...(int8 !== undefined ? { int8: metrics(int8) } : {}), roc: fp32.roc, confusion: fp32.confusion,
      ...(fp32.perClass !== undefined ? { perClass: fp32.perClass } : {}),
      ...(fp32.intervals !== undefined ? { intervals: fp32.intervals } : {}),
      ...(fp32.calibration !== undefined ? { calibration: fp32.calibration } : {}),
      ...(fp32.histograms !== undefined ? { histograms: fp32.histograms } : {}),
      ...(fp32.operatingPoints !== undefined ? { operatingPoints: fp32.operatingPoints } : {}),
    },
    ...(q !== undefined
      ? {
          quantization: {
            method: q.calibration.method,
            ops: q.opTypes,
            fp32Bytes: q.sizes.fp32Bytes,
            int8Bytes: q.sizes.int8Bytes,
            met: q.met,
            fallbackLayers: q.fallbackLayers.map((f) => ({ node: f.node, reason: f.reason })),
          },
        }
      : {}),
    ...(r.benchmark !== undefined ? { benchmark: { rows: r.benchmark.rows } } : {}),
  };
}

/** Writes OUT/report.md, OUT/report.html (self-contained) and OUT/report/*.svg. */
export async function reportStage(s: PipelineSettings, inputs: ReportInputs): Promise<{ markdown: string; html: string }> {
  const data = buildReportData(s, inputs);
  const markdown = join(s.outDir, 'report.md');
  const html = join(s.outDir, 'report.html');
  for (const [name, svg] of Object.entries(reportCharts(data))) await writeFileAtomic(join(s.outDir, 'report', `${name}.svg`), svg);
  await writeFileAtomic(markdown, renderMarkdown(data, 'report'));
  await writeFileAtomic(html, renderHtml(data));
  await writeFileAtomic(join(s.outDir, 'report', 'report-data.json'), JSON.stringify(data, null, 2));
  return { markdown, html };
}
