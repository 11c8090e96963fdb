import { ValidationError, type Logger } from '@medimg/core';
import { resolveModelPath } from '@medimg/runtime';

/** A `--model` that must be a trained LayersModel: its directory (a training run directory resolves to RUN/best, logged). */
export async function resolveLayersModelDir(model: string, command: string, logger: Logger): Promise<string> {
  const resolved = await resolveModelPath(model, logger);
  if (resolved.kind !== 'layers-model') {
    throw new ValidationError(command, [`--model must be a trained LayersModel (medimg train --out RUN, or RUN/best); ${resolved.path} is a ${resolved.kind}`]);
  }
  return resolved.path;
}
