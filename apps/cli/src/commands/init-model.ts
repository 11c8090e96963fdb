import { stat } from 'node:fs/promises';
import { modelFormat, ModelIOError } from '@medimg/core';
import { resolveModelSpec } from './predict-model';

/** The LayersModel directory `--init` names: a path to OUT/best of a run, or a zoo model (`zoo:pneumonia`). */
export async function resolveInitModel(spec: string): Promise<string> {
  const path = await resolveModelSpec(spec);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isDirectory() || (await modelFormat(path)) !== 'layers-model') {
    throw new ModelIOError(`Error in train --init: ${spec} is not a LayersModel directory (ONNX and GraphModel files hold no trainable weights). Fix: pass OUT/best of medimg train, or zoo:pneumonia.`, path);
  }
  return path;
}
