import { join } from 'node:path';
import { readModelCard, writeFileAtomic } from '@medimg/core';
import { prepareDataForCard } from '@medimg/dataset';
import { formatQuantizationReport, GuardFailedError, quantize, type QuantizationReport } from '@medimg/quantize';
import type { PipelineSettings } from './settings';

export interface QuantizeStageResult {
  modelFile: string;
  report: QuantizationReport;
}

/**
 * INT8 static quantization of the ONNX model on the model card's split: calibration images from its training side,
 * the accuracy guard (at the card's threshold) on its validation side, never the test split. Writes the model and
 * the report, then stops the pipeline (GuardFailedError) when the guard failed.
 */
export async function quantizeStage(s: PipelineSettings, stageDir: string, onnxFile: string, modelDir: string): Promise<QuantizeStageResult> {
  const card = await readModelCard(modelDir);
  const data = await prepareDataForCard({ dataDir: s.dataDir, card, where: 'pipeline quantize', logger: s.logger, ...(s.cacheDir !== undefined ? { cacheDir: s.cacheDir } : {}) });
  const result = await quantize({
    model: onnxFile,
    calibration: data.train,
    validation: data.validation,
    calibrationSize: s.calibrationSize,
    method: s.quantizeMethod,
    tolerance: s.tolerance,
    seed: s.seed,
    logger: s.logger,
  });
  const { split } = data;
  result.report.split = { source: data.splitSource, seed: split.seed, valSplit: split.valSplit, grouping: split.grouping, validationFiles: split.validation.count, validationDigest: split.validation.digest };
  const modelFile = join(stageDir, 'model.int8.onnx');
  await writeFileAtomic(modelFile, result.bytes);
  await writeFileAtomic(join(stageDir, 'report.json'), JSON.stringify(result.report, null, 2));
  await writeFileAtomic(join(stageDir, 'report.md'), formatQuantizationReport(result.report));
  const r = result.report;
  s.logger.info(
    `[quantize] at threshold ${r.fp32.threshold?.toFixed(4) ?? 'argmax'}: FP32 accuracy ${r.fp32.accuracy.toFixed(4)} -> INT8 ${r.int8.accuracy.toFixed(4)}; guard ${r.met ? 'met' : 'NOT met'}; ${r.fallbackLayers.length} layer(s) kept in FP32`,
  );
  if (!r.met) throw new GuardFailedError('pipeline quantize', r);
  return { modelFile, report: r };
}
