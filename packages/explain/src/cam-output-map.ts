import { ValidationError } from '@medimg/core';
import { camMap, camMapProblem } from './cam-map';
import type { FinishedMap } from './finish-map';

/**
 * The class map of image `n`, class `k` from a model's `cam` output ([batch, classes, h, w], as written by
 * @medimg/export): with `logOdds` (2 classes) the map of z_k - z_other, else of z_k; then ReLU, bilinear upsampling
 * to `width` x `height`, min-max normalisation (camMap, checked here). Plain arrays, so the same code runs on
 * onnxruntime-node and onnxruntime-web outputs. Equals `gradCam` with the same `score` (see GradCamOptions.score).
 */
export function camOutputMap(cam: Float32Array, dims: readonly number[], n: number, k: number, width: number, height: number, logOdds = false): FinishedMap {
  const problem = camMapProblem(cam.length, dims, n, k);
  if (problem !== null) throw new ValidationError('camOutputMap', [problem]);
  return camMap(cam, dims, n, k, width, height, logOdds);
}
