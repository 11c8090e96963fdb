import { selectBackend, type Predictor } from '@medimg/core';
import { loadPredictor, resolveModelPath } from '@medimg/runtime';
import type { WorkerInit, WorkerModelSpec } from './protocol';

let backendSelected = false;

/**
 * Loads one served model with @medimg/runtime's loadPredictor (a training run directory resolves to its best model).
 * tfjs models need a tfjs backend in this thread: it is selected once, on the first such model.
 */
export async function loadServedModel(spec: WorkerModelSpec, init: WorkerInit): Promise<{ predictor: Predictor; path: string; kind: string }> {
  const resolved = await resolveModelPath(spec.path);
  if (resolved.kind !== 'onnx' && !backendSelected) {
    await selectBackend({ backend: init.backend });
    backendSelected = true;
  }
  const predictor = await loadPredictor(resolved.path, { threads: init.threads, ...(spec.engine !== undefined ? { engine: spec.engine } : {}) });
  return { predictor, path: resolved.path, kind: resolved.kind };
}
