import { OptionChecker, writeFileAtomic, ValidationError } from '@medimg/core';
import { prepareDataForCard } from '@medimg/dataset';
import { decisionOf } from './decision';
import { checkKnobs, resolveKnobs } from './options';
import { loadOnnxModel } from './load-model';
import { quantize } from './quantize';
import type { QuantizationReport, QuantizeFileOptions } from './types';

/** Where `quantizeFile` writes the report: `model.int8.onnx` -> `model.int8.quantization.json`. */
export function reportFileFor(outFile: string): string {
  return outFile.replace(/\.onnx$/i, '') + '.quantization.json';
}

/**
 * The CLI's entry: quantizes an FP32 ONNX file with calibration images from the training side of the model card's
 * split of `dataDir` and the guard on its validation side (the split the model was trained with, checked by the
 * validation files' digest; never the test split), preprocessed as the card says. The report names the split. Writes the INT8 model and its report JSON (atomically).
 */
export async function quantizeFile(options: QuantizeFileOptions): Promise<QuantizationReport> {
  const { modelFile, dataDir, outFile, valSplit, cacheDir, ...knobs } = options;
  const problems: string[] = [];
  for (const [name, value] of [['modelFile', modelFile], ['dataDir', dataDir], ['outFile', outFile]] as const) {
    if (typeof value !== 'string' || value === '') problems.push(`${name} must be a non-empty path`);
  }
  if (typeof outFile === 'string' && outFile !== '' && outFile === modelFile) problems.push('outFile must differ from modelFile (the FP32 model would be overwritten)');
  if (problems.length > 0) throw new ValidationError('quantizeFile', problems);
  const v = new OptionChecker('quantizeFile');
  checkKnobs(v, resolveKnobs(knobs));
  if (valSplit !== undefined) v.number('valSplit', valSplit, 0.01, 0.9);
  v.done();
  const model = await loadOnnxModel(modelFile);
  const { card } = decisionOf(model, modelFile);
  // The card's split: calibrate on its training side, guard on its validation side; another split is refused.
  const data = await prepareDataForCard({
    dataDir,
    card,
    where: 'quantize',
    ...(valSplit !== undefined ? { valSplit } : {}),
    ...(knobs.seed !== undefined ? { seed: knobs.seed } : {}),
    ...(cacheDir !== undefined ? { cacheDir } : {}),
    ...(knobs.logger !== undefined ? { logger: knobs.logger } : {}),
  });
  const { split } = data;
  const result = await quantize({ ...knobs, seed: knobs.seed ?? split.seed, model, calibration: data.train, validation: data.validation });
  result.report.split = { source: data.splitSource, seed: split.seed, valSplit: split.valSplit, grouping: split.grouping, validationFiles: split.validation.count, validationDigest: split.validation.digest };
  await writeFileAtomic(outFile, result.bytes);
  await writeFileAtomic(reportFileFor(outFile), JSON.stringify(result.report, null, 2) + '\n');
  return result.report;
}
