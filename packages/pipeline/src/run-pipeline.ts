import { join } from 'node:path';
import { selectBackend } from '@medimg/core';
import { datasetDigest } from '@medimg/dataset';
import { resolveSettings } from './settings';
import { runStage, type StageDefinition, type StageStamp } from './stage-runner';
import { PIPELINE_STAGES, type PipelineStage } from './stages';
import { benchmarkStage, type BenchmarkStageResult } from './stage-benchmark';
import { dataStage, type DataStageResult } from './stage-data';
import { evaluateStage, type EvaluateStageResult } from './stage-evaluate';
import { freezeStage, onnxStage } from './stage-export';
import { quantizeStage, type QuantizeStageResult } from './stage-quantize';
import { reportStage } from './stage-report';
import { trainInputs, trainStage, type TrainStageResult } from './stage-train';
import type { PipelineOptions, PipelineResult } from './types';

/**
 * Runs every stage in order: data check -> train -> evaluate -> freeze -> ONNX -> INT8 quantize (with the
 * accuracy guard) -> evaluate INT8 -> benchmark -> report. Each stage writes OUT/<stage>/ and a stamp; a rerun
 * skips stages whose inputs did not change, `from` reruns a stage and everything after it, `to` stops early.
 */
export async function runPipeline(options: PipelineOptions, onProgress?: (line: string) => void): Promise<PipelineResult> {
  const s = resolveSettings(options);
  const backend = await selectBackend({ backend: s.backend, logger: s.logger });
  s.logger.info(`medimg pipeline: backend ${backend.name}${backend.simd ? ' (SIMD)' : ''}, data ${s.synthetic ? 'synthetic' : s.dataDir}, out ${s.outDir}`);
  const fromIndex = s.from === undefined ? Infinity : PIPELINE_STAGES.indexOf(s.from);
  const toIndex = PIPELINE_STAGES.indexOf(s.to);
  const stamps = new Map<PipelineStage, StageStamp>();
  const summary: PipelineResult['stages'] = [];

  async function stage<R>(name: PipelineStage, inputs: unknown, upstream: PipelineStage[], run: (dir: string) => Promise<R>): Promise<R | undefined> {
    const index = PIPELINE_STAGES.indexOf(name);
    if (index > toIndex) return undefined;
    const up = upstream.map((u) => stamps.get(u)).filter((x): x is StageStamp => x !== undefined);
    const definition: StageDefinition<R> = { name, inputs, run };
    const outcome = await runStage(s.outDir, definition, up, { force: index >= fromIndex, logger: s.logger });
    stamps.set(name, outcome.stamp);
    summary.push({ stage: name, skipped: outcome.skipped, seconds: outcome.stamp.seconds });
    return outcome.stamp.result;
  }

  // A real dataset's contents (file list, sizes, mtimes) are part of the data stage's inputs: change an image and
  // every stage reruns. Synthetic data is a function of its settings.
  const contents = s.synthetic ? null : await datasetDigest(s.dataDir);
  const dataInputs = { dataDir: s.dataDir, synthetic: s.synthetic, perClass: s.syntheticPerClass, seed: s.seed, imageSize: s.imageSize, contents };
  const data = await stage<DataStageResult>('data', dataInputs, [], (dir) => dataStage(s, dir));
  const trained = await stage<TrainStageResult>('train', trainInputs(s), ['data'], (dir) => trainStage(s, dir, onProgress));
  const modelDir = join(s.outDir, 'train', 'best');
  const evaluated = await stage<EvaluateStageResult>('evaluate', {}, ['train'], (dir) => evaluateStage(s, dir, 'evaluate', modelDir));
  await stage('freeze', {}, ['train'], (dir) => freezeStage(s, dir, modelDir));
  const onnxFile = join(s.outDir, 'onnx', 'model.onnx');
  await stage('onnx', {}, ['train'], (dir) => onnxStage(s, dir, modelDir));
  const quantized = await stage<QuantizeStageResult>('quantize', { calibrationSize: s.calibrationSize, method: s.quantizeMethod, tolerance: s.tolerance }, ['onnx'], (dir) =>
    quantizeStage(s, dir, onnxFile, modelDir),
  );
  const int8File = join(s.outDir, 'quantize', 'model.int8.onnx');
  const evaluatedInt8 = await stage<EvaluateStageResult>('evaluate-int8', {}, ['quantize'], (dir) => evaluateStage(s, dir, 'evaluate-int8', int8File));
  const benchmarked = await stage<BenchmarkStageResult>('benchmark', { batchSizes: s.benchBatchSizes }, ['freeze', 'onnx', 'quantize'], (dir) =>
    benchmarkStage(s, dir, { fp32Onnx: onnxFile, int8Onnx: int8File, graphModelDir: join(s.outDir, 'freeze', 'graph-model') }),
  );
  const result: PipelineResult = { outDir: s.outDir, stages: summary };
  if (data !== undefined && trained !== undefined && evaluated !== undefined) {
    const report = await stage(
      'report',
      { command: s.command },
      ['data', 'train', 'evaluate', 'quantize', 'evaluate-int8', 'benchmark'],
      async () =>
        reportStage(s, {
          data,
          train: trained,
          evaluate: evaluated,
          ...(evaluatedInt8 !== undefined ? { evaluateInt8: evaluatedInt8 } : {}),
          ...(quantized !== undefined ? { quantize: quantized } : {}),
          ...(benchmarked !== undefined ? { benchmark: benchmarked } : {}),
        }),
    );
    if (report !== undefined) {
      result.reportMarkdown = report.markdown;
      result.reportHtml = report.html;
    }
  }
  return result;
}
