import { readModelCard, silentLogger, type Logger, type ModelCard } from '@medimg/core';
import { readOnnxCard } from './onnx-card';
import { resolveModelPath } from './resolve-model-path';
import type { ResolvedModelPath } from './types';

/** The model card of any model path (tfjs directory, .onnx file, training run directory) without loading weights. */
export async function readCard(path: string, logger: Logger = silentLogger): Promise<{ card: ModelCard; model: ResolvedModelPath }> {
  const model = await resolveModelPath(path, logger);
  const card = model.kind === 'onnx' ? readOnnxCard(model.path) : await readModelCard(model.path);
  return { card, model };
}
