import { stat } from 'node:fs/promises';
import { ModelIOError } from '@medimg/core';

/** The LayersModel directory `--init` names (a path to OUT/best of a run). */
export async function resolveInitModel(spec: string): Promise<string> {
  const info = await stat(spec).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new ModelIOError(`Error in train --init: ${spec} is not a model directory. Fix: pass a LayersModel directory (OUT/best of medimg train).`, spec);
  }
  return spec;
}
