import { loadLayersModel, ModelIOError, OptionChecker, readModelCard, silentLogger, type Logger } from '@medimg/core';
import { resolveModelPath } from '@medimg/runtime';
import { layersExplainer } from './layers-explainer';
import { onnxExplainer } from './onnx-explainer';
import type { Explainer, LoadExplainerOptions } from './types';

/**
 * Loads a model for explanation: a LayersModel directory (Grad-CAM on the active tfjs backend), a `medimg train` or
 * `medimg pipeline` run directory (its best model, see runtime's `resolveModelPath`), or an .onnx file, FP32 or INT8
 * (CAM from its `cam` output, in onnxruntime-node). GraphModel directories have no gradients: explain the
 * LayersModel they were frozen from, or its ONNX export.
 */
export async function loadExplainer(path: string, options: LoadExplainerOptions & { logger?: Logger } = {}): Promise<Explainer> {
  const check = new OptionChecker('loadExplainer');
  check.string('path', path);
  if (options.layer !== undefined) check.string('layer', options.layer);
  if (options.threads !== undefined) check.int('threads', options.threads, 1, 1024);
  check.done();
  const model = await resolveModelPath(path, options.logger ?? silentLogger);
  if (model.kind === 'onnx') return onnxExplainer(model.path, options.threads);
  if (model.kind === 'graph-model') {
    throw new ModelIOError(`Error in loadExplainer: ${model.path} is a frozen GraphModel, which has no gradients to explain. Fix: pass the LayersModel it was frozen from (OUT/best of medimg train) or its .onnx export.`, model.path);
  }
  const card = await readModelCard(model.path);
  return layersExplainer(await loadLayersModel(model.path), card, model.path, options.layer);
}
