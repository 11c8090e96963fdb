import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_JSON, ModelIOError, modelFormat, silentLogger, type Logger } from '@medimg/core';
import { resolveModelScheme } from './model-schemes';
import type { ResolvedModelPath } from './types';

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false);

/**
 * What a model path holds: an .onnx file, a tfjs model directory (model.json), or the output directory of
 * `medimg train --out RUN` (resolved to RUN/best, saying so through `logger`), or of `medimg pipeline --out OUT`
 * (OUT/train/best), or a model of a registered scheme (`registerModelScheme`, e.g. `zoo:pneumonia`). Throws a
 * ModelIOError naming the path and the fix otherwise.
 */
export async function resolveModelPath(spec: string, logger: Logger = silentLogger): Promise<ResolvedModelPath> {
  // A registered scheme (e.g. zoo:pneumonia from @medimg/zoo) names a file or folder; plain paths pass through.
  const path = await resolveModelScheme(spec);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) {
    throw new ModelIOError(`Error loading model: ${path} does not exist. Fix: pass a model directory (medimg train/freeze), a training run directory (medimg train --out) or an .onnx file (medimg export-onnx/quantize).`, path);
  }
  if (info.isFile()) {
    if (!path.endsWith('.onnx')) throw new ModelIOError(`Error loading model: ${path} is a file but not an .onnx model. Fix: pass a model directory or an .onnx file.`, path);
    return { path, kind: 'onnx' };
  }
  if (await isFile(join(path, MODEL_JSON))) return { path, kind: await modelFormat(path) };
  for (const [sub, what] of [['best', 'training run'], [join('train', 'best'), 'pipeline run']] as const) {
    const candidate = join(path, sub);
    if (await isFile(join(candidate, MODEL_JSON))) {
      logger.info(`using ${candidate} (the best model of the ${what} in ${path})`, { model: candidate });
      return { path: candidate, kind: await modelFormat(candidate) };
    }
  }
  throw new ModelIOError(`Error loading model: ${path} has no ${MODEL_JSON} (nor best/${MODEL_JSON} of a training run). Fix: pass a model directory (medimg train/freeze), a training run directory (medimg train --out) or an .onnx file.`, path);
}
