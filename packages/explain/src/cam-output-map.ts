import { ValidationError } from '@medimg/core';
import { finishMap, type FinishedMap } from './finish-map';

/**
 * The class map of image `n`, class `k` from a model's `cam` output ([batch, classes, h, w], as written by
 * @medimg/export): ReLU, bilinear upsampling to `width` x `height`, min-max normalisation. Plain arrays, so the same
 * code runs on onnxruntime-node and onnxruntime-web outputs.
 */
export function camOutputMap(cam: Float32Array, dims: readonly number[], n: number, k: number, width: number, height: number): FinishedMap {
  const [batch, classes, h, w] = dims as [number, number, number, number];
  if (dims.length !== 4 || cam.length !== batch * classes * h * w) {
    throw new ValidationError('camOutputMap', [`cam must be [batch, classes, h, w] with matching length; got dims [${dims.join(', ')}] and ${cam.length} values`]);
  }
  if (n < 0 || n >= batch || k < 0 || k >= classes) throw new ValidationError('camOutputMap', [`image ${n} / class ${k} is outside the cam output [${dims.join(', ')}]`]);
  const start = (n * classes + k) * h * w;
  return finishMap({ width: w, height: h, data: cam.subarray(start, start + h * w) }, width, height);
}
