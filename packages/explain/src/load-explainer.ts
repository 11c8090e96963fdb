import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLayersModel, modelFormat, ModelIOError, OptionChecker, readModelMetadata } from '@medimg/core';
import { layersExplainer } from './layers-explainer';
import { onnxExplainer } from './onnx-explainer';
import type { Explainer, LoadExplainerOptions } from './types';

const isDir = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isFile() ?? false;

/**
 * Loads a model for explanation: a LayersModel directory (Grad-CAM on the active tfjs backend), a `medimg train` run
 * directory (its `best` model), or an .onnx file, FP32 or INT8 (CAM from its `cam` output, in onnxruntime-node).
 * GraphModel directories have no gradients: explain the LayersModel they were frozen from, or its ONNX export.
 */
export async function loadExplainer(path: string, options: LoadExplainerOptions = {}): Promise<Explainer> {
  const check = new OptionChecker('loadExplainer');
  check.string('path', path);
  if (options.layer !== undefined) check.string('layer', options.layer);
  if (options.threads !== undefined) check.int('threads', options.threads, 1, 1024);
  check.done();
  if (await isFile(path)) {
    if (!path.endsWith('.onnx')) throw new ModelIOError(`Error in loadExplainer: ${path} is a file but not an .onnx model. Fix: pass a model directory (medimg train) or an .onnx file (medimg export-onnx/quantize).`, path);
    return onnxExplainer(path, options.threads);
  }
  if (!(await isDir(path))) throw new ModelIOError(`Error in loadExplainer: ${path} does not exist. Fix: pass a model directory (medimg train) or an .onnx file.`, path);
  const dir = !(await isFile(join(path, 'model.json'))) && (await isFile(join(path, 'best', 'model.json'))) ? join(path, 'best') : path;
  if ((await modelFormat(dir)) === 'graph-model') {
    throw new ModelIOError(`Error in loadExplainer: ${dir} is a frozen GraphModel, which has no gradients to explain. Fix: pass the LayersModel it was frozen from (OUT/best of medimg train) or its .onnx export.`, dir);
  }
  const metadata = await readModelMetadata(dir);
  return layersExplainer(await loadLayersModel(dir), metadata, dir, options.layer);
}
