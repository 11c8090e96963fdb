import { selectBackend, type Logger, type Predictor } from '@medimg/core';
import { createDecodePool, resolveDecoder, type DecodePool } from '@medimg/dataset';

/**
 * Loads a model with @medimg/runtime's loadPredictor (selecting a tfjs backend first when the model runs on tfjs),
 * and a decode pool with its card's preprocessing.
 */
export async function loadBatchModel(model: string, options: { engine?: string; threads?: number; decodeWorkers: number; logger: Logger }): Promise<{ predictor: Predictor; pool: DecodePool }> {
  const { loadPredictor, resolveModelPath } = await import('@medimg/runtime');
  const resolved = await resolveModelPath(model, options.logger);
  if (resolved.kind !== 'onnx') await selectBackend({ backend: 'auto', logger: options.logger });
  const predictor = await loadPredictor(model, { logger: options.logger, ...(options.engine === undefined ? {} : { engine: options.engine }), ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const { imageSize, channels, resize } = predictor.card.preprocessing;
  const pool = createDecodePool({ imageSize, channels, resize, decoder: resolveDecoder('auto') }, options.decodeWorkers);
  return { predictor, pool };
}
