import { OptionChecker, writeFileAtomic, ValidationError, type Preprocessing } from '@medimg/core';
import { checkKnobs, resolveKnobs } from './options';
import { prepareData } from '@medimg/dataset';
import type { OnnxModel } from '@medimg/onnx';
import { loadOnnxModel } from './load-model';
import { quantize } from './quantize';
import type { QuantizationReport, QuantizeFileOptions } from './types';

/** Where `quantizeFile` writes the report: `model.int8.onnx` -> `model.int8.quantization.json`. */
export function reportFileFor(outFile: string): string {
  return outFile.replace(/\.onnx$/i, '') + '.quantization.json';
}

interface OnnxMedimgMeta {
  classNames?: string[];
  preprocessing?: Partial<Preprocessing>;
}

function metaOf(model: OnnxModel): OnnxMedimgMeta {
  const json = model.metadataProps.find((p) => p.key === 'medimg')?.value;
  if (json === undefined) return {};
  try {
    return JSON.parse(json) as OnnxMedimgMeta;
  } catch {
    return {};
  }
}

/**
 * The CLI's entry: quantizes an FP32 ONNX file with calibration images from `dataDir`'s train split and the
 * validation images held out of it (the same seeded, patient-grouped split as training: never the test split),
 * preprocessed as the model's metadata says. Writes the INT8 model and its report JSON (atomically).
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
  const meta = metaOf(model);
  const dims = model.graph.input[0]?.dims ?? [];
  const imageSize = meta.preprocessing?.imageSize ?? (typeof dims[1] === 'number' ? dims[1] : 0);
  const channels = meta.preprocessing?.channels ?? (dims[3] === 1 ? 1 : 3);
  if (!(imageSize > 0)) throw new ValidationError('quantizeFile', [`cannot tell the image size of ${modelFile}: no 'medimg' metadata and no fixed input size. Fix: export it with medimg export-onnx`]);
  const data = await prepareData({
    dataDir,
    imageSize,
    channels,
    ...(meta.preprocessing?.resize !== undefined ? { resize: meta.preprocessing.resize } : {}),
    ...(meta.preprocessing?.normalize !== undefined ? { normalize: meta.preprocessing.normalize } : {}),
    ...(meta.preprocessing?.window !== undefined ? { window: meta.preprocessing.window } : {}),
    ...(valSplit !== undefined ? { valSplit } : {}),
    ...(knobs.seed !== undefined ? { seed: knobs.seed } : {}),
    ...(cacheDir !== undefined ? { cacheDir } : {}),
    ...(knobs.logger !== undefined ? { logger: knobs.logger } : {}),
  });
  if (meta.classNames !== undefined && meta.classNames.join(',') !== data.classNames.join(',')) {
    throw new ValidationError('quantizeFile', [`${dataDir} has classes ${data.classNames.join(', ')} but ${modelFile} was trained on ${meta.classNames.join(', ')}. Fix: point --data-dir at the model's training data`]);
  }
  const result = await quantize({ ...knobs, model, calibration: data.train, validation: data.validation });
  await writeFileAtomic(outFile, result.bytes);
  await writeFileAtomic(reportFileFor(outFile), JSON.stringify(result.report, null, 2) + '\n');
  return result.report;
}
