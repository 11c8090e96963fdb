import { stat } from 'node:fs/promises';
import { loadLayersModel, modelFormat, readModelMetadata, ModelIOError, type ModelMetadata } from '@medimg/core';
import type { Predictor } from '@medimg/train';

/**
 * A model path as a filesystem path: plain paths pass through; `zoo:pneumonia` (`/onnx`, `/int8`) resolves to the
 * file shipped in @medimg/zoo through @medimg/runtime's model schemes (registered here for the CLI).
 */
export async function resolveModelSpec(spec: string): Promise<string> {
  const [{ listModelSchemes, registerModelScheme, resolveModelScheme }, { zooModelPath }] = await Promise.all([import('@medimg/runtime'), import('@medimg/zoo')]);
  if (!listModelSchemes().includes('zoo')) registerModelScheme('zoo', zooModelPath);
  return resolveModelScheme(spec);
}

/** Which kind of model a path holds: a tfjs LayersModel or GraphModel directory, or an ONNX file (FP32 or INT8). */
export type ModelKind = 'layers-model' | 'graph-model' | 'onnx';

export async function modelKindOf(path: string): Promise<ModelKind> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new ModelIOError(`Error loading model: ${path} does not exist. Fix: pass a model directory (medimg train/freeze) or an .onnx file (medimg export-onnx/quantize).`, path);
  if (info.isFile()) {
    if (!path.endsWith('.onnx')) throw new ModelIOError(`Error loading model: ${path} is a file but not an .onnx model. Fix: pass a model directory or an .onnx file.`, path);
    return 'onnx';
  }
  return modelFormat(path);
}

/**
 * Loads any medimg model as a Predictor with its metadata (class names, preprocessing, threshold):
 * a LayersModel or GraphModel directory on the active tfjs backend, or an ONNX file in onnxruntime.
 */
export async function loadModelPredictor(spec: string): Promise<{ predictor: Predictor; metadata: ModelMetadata; kind: ModelKind }> {
  const path = await resolveModelSpec(spec);
  const kind = await modelKindOf(path);
  if (kind === 'onnx') {
    const [{ onnxPredictor, readOnnxMetadata }, { decodeModelInfo }, { readFile }] = await Promise.all([import('@medimg/export'), import('@medimg/onnx'), import('node:fs/promises')]);
    const metadata = readOnnxMetadata(path);
    const dims = decodeModelInfo(new Uint8Array(await readFile(path))).input[0]?.dims.slice(1) ?? [];
    const { imageSize, channels } = metadata.preprocessing;
    if (dims.length === 3 && dims.every((d) => typeof d === 'number') && dims.join('x') !== `${imageSize}x${imageSize}x${channels}`) {
      throw new ModelIOError(`Error loading model: ${path} takes ${dims.join('x')} inputs but its model card says ${imageSize}x${imageSize}x${channels}. Fix: re-export it from its model directory with \`medimg export-onnx\`.`, path);
    }
    return { predictor: await onnxPredictor(path), metadata, kind };
  }
  const metadata = await readModelMetadata(path);
  if (kind === 'graph-model') {
    const { graphModelPredictor } = await import('@medimg/export');
    return { predictor: await graphModelPredictor(path), metadata, kind };
  }
  const { layersPredictor } = await import('@medimg/train');
  return { predictor: layersPredictor(await loadLayersModel(path)), metadata, kind };
}
