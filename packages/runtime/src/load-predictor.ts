import { OptionChecker, silentLogger, ValidationError, type Predictor } from '@medimg/core';
import { defaultEngineFor, getPredictorEngine, listPredictorEngines } from './engine-registry';
import { resolveModelPath } from './resolve-model-path';
import type { LoadPredictorOptions } from './types';

/**
 * Loads any medimg model as a Predictor with its model card: a LayersModel or GraphModel directory (active tfjs
 * backend), an .onnx file (onnxruntime; FP32 or INT8), or a `medimg train --out RUN` directory (its best model,
 * logged as "using RUN/best"). See `LoadPredictorOptions` for the defaults.
 */
export async function loadPredictor(path: string, options: LoadPredictorOptions = {}): Promise<Predictor> {
  const check = new OptionChecker('loadPredictor');
  check.string('path', path);
  if (options.threads !== undefined) check.int('threads', options.threads, 1);
  if (options.engine !== undefined) check.oneOf('engine', options.engine, listPredictorEngines());
  check.done();
  const logger = options.logger ?? silentLogger;
  const resolved = await resolveModelPath(path, logger);
  const name = options.engine ?? defaultEngineFor(resolved.kind);
  const engine = getPredictorEngine(name);
  if (!engine.kinds.includes(resolved.kind)) {
    throw new ValidationError('loadPredictor', [`engine ${name} runs ${engine.kinds.join(', ')} models but ${resolved.path} is a ${resolved.kind}. Fix: drop --engine, or pass a ${engine.kinds.join(' or ')}`]);
  }
  const predictor = await engine.load(resolved, { logger, ...(options.threads !== undefined ? { threads: options.threads } : {}) });
  logger.debug(`loaded ${resolved.path} (${resolved.kind}) with ${name}`, { classNames: predictor.card.classNames, threshold: predictor.card.threshold });
  return predictor;
}
