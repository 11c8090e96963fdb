import { join } from 'node:path';
import { readModelMetadata, writeFileAtomic } from '@medimg/core';
import { prepareData } from '@medimg/dataset';
import { formatQuantizationReport, quantize, type QuantizationReport } from '@medimg/quantize';
import type { PipelineSettings } from './settings';

export interface QuantizeStageResult {
  modelFile: string;
  report: QuantizationReport;
}

/**
 * INT8 static quantization of the ONNX model: calibration images from the training side of the split,
 * the accuracy guard on the validation side (never the test split).
 */
export async function quantizeStage(s: PipelineSettings, stageDir: string, onnxFile: string, modelDir: string): Promise<QuantizeStageResult> {
  const meta = await readModelMetadata(modelDir);
  const data = await prepareData({
    dataDir: s.dataDir,
    imageSize: meta.preprocessing.imageSize,
    channels: meta.preprocessing.channels,
    normalize: meta.preprocessing.normalize ?? 'none',
    window: meta.preprocessing.window ?? 'auto',
    valSplit: 0.1,
    seed: s.seed,
    logger: s.logger,
    ...(s.cacheDir !== undefined ? { cacheDir: s.cacheDir } : {}),
  });
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
  const modelFile = join(stageDir, 'model.int8.onnx');
  await writeFileAtomic(modelFile, result.bytes);
  await writeFileAtomic(join(stageDir, 'report.json'), JSON.stringify(result.report, null, 2));
  await writeFileAtomic(join(stageDir, 'report.md'), formatQuantizationReport(result.report));
  s.logger.info(
    `[quantize] FP32 ${result.report.metric} ${result.report.fp32.accuracy.toFixed(4)} -> INT8 ${result.report.int8.accuracy.toFixed(4)}; goal ${result.report.met ? 'met' : 'NOT met'}; ${result.report.fallbackLayers.length} layer(s) kept in FP32`,
  );
  return { modelFile, report: result.report };
}
