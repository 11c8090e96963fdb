import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createModelCard, createRng, pixelScaleOf, saveLayersModel, type Logger, type ModelCard } from '@medimg/core';
import type { ImageShape } from '@medimg/bench';
import { loadOptional } from './optional';

/** The model files one network is benchmarked from; a format is null with the reason it could not be made. */
export interface ModelFiles {
  layersDir: string;
  graphDir: string | { reason: string };
  onnxFile: string | { reason: string };
  int8File: string | { reason: string };
}

function metadataFor(architecture: string, shape: ImageShape, scale: 'unit' | 'in-graph'): ModelCard {
  return createModelCard({ architecture, classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing: { imageSize: shape[0], channels: shape[2] as 1 | 3, resize: 'stretch', scale }, threshold: 0.5 });
}

/** Seeded noise images as a LabeledImageSet (quantization calibration for a speed-only benchmark). */
function noiseSet(dataset: Record<string, unknown>, shape: ImageShape, count: number, seed: number): unknown {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.int(256);
  const labels = Int32Array.from({ length: count }, (_, i) => i % 2);
  const make = dataset['inMemoryImageSet'] as (o: { classNames: string[]; pixels: Uint8Array; labels: Int32Array; shape: ImageShape }) => unknown;
  return make({ classNames: ['NORMAL', 'PNEUMONIA'], pixels, labels, shape });
}

/**
 * Saves `model` as a LayersModel directory, then (as @medimg/export and @medimg/quantize allow) a frozen
 * GraphModel, an FP32 ONNX file and an INT8 ONNX file calibrated on noise (speed only: accuracy is not measured here).
 */
export async function writeModelFiles(model: tf.LayersModel, architecture: string, shape: ImageShape, dir: string, logger: Logger): Promise<ModelFiles> {
  const layersDir = join(dir, 'layers');
  await saveLayersModel(model, layersDir, metadataFor(architecture, shape, pixelScaleOf(model)));
  const files: ModelFiles = { layersDir, graphDir: { reason: '' }, onnxFile: { reason: '' }, int8File: { reason: '' } };
  const exp = await loadOptional('@medimg/export', ['freezeModelDir', 'exportOnnx']);
  if ('reason' in exp) {
    files.graphDir = files.onnxFile = files.int8File = { reason: exp.reason };
    return files;
  }
  const guard = async (what: string, fn: () => Promise<string>): Promise<string | { reason: string }> => {
    try {
      return await fn();
    } catch (error) {
      logger.warn(`${what} failed: ${(error as Error).message}`);
      return { reason: `${what} failed: ${(error as Error).message.split('\n')[0]}` };
    }
  };
  files.graphDir = await guard('freeze', async () => {
    const outDir = join(dir, 'graph');
    await (exp.mod['freezeModelDir'] as (o: { modelDir: string; outDir: string }) => Promise<unknown>)({ modelDir: layersDir, outDir });
    return outDir;
  });
  files.onnxFile = await guard('ONNX export', async () => {
    const outFile = join(dir, 'model.onnx');
    await (exp.mod['exportOnnx'] as (o: { modelDir: string; outFile: string; verify: boolean }) => Promise<unknown>)({ modelDir: layersDir, outFile, verify: false });
    return outFile;
  });
  const onnxFile = files.onnxFile;
  if (typeof onnxFile !== 'string') {
    files.int8File = { reason: 'no FP32 ONNX file' };
    return files;
  }
  const q = await loadOptional('@medimg/quantize', ['quantize']);
  const ds = await loadOptional('@medimg/dataset', ['inMemoryImageSet']);
  if ('reason' in q || 'reason' in ds) {
    files.int8File = { reason: 'reason' in q ? q.reason : (ds as { reason: string }).reason };
    return files;
  }
  files.int8File = await guard('INT8 quantization', async () => {
    const quantize = q.mod['quantize'] as (o: Record<string, unknown>) => Promise<{ bytes: Uint8Array }>;
    const result = await quantize({ model: onnxFile, calibration: noiseSet(ds.mod, shape, 16, 1), validation: noiseSet(ds.mod, shape, 16, 2), calibrationSize: 16, tolerance: 1, maxTrials: 1, logger });
    const outFile = join(dir, 'model.int8.onnx');
    await mkdir(dir, { recursive: true });
    await writeFile(outFile, result.bytes);
    return outFile;
  });
  return files;
}
