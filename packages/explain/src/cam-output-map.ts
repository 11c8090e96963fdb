import { ValidationError } from '@medimg/core';
import { finishMap, type FinishedMap } from './finish-map';

/**
 * The class map of image `n`, class `k` from a model's `cam` output ([batch, classes, h, w], as written by
 * @medimg/export): with `logOdds` (2 classes) the map of z_k - z_other, else of z_k; then ReLU, bilinear upsampling
 * to `width` x `height`, min-max normalisation. Plain arrays, so the same code runs on onnxruntime-node and
 * onnxruntime-web outputs. Equals `gradCam` with the same `score` (see GradCamOptions.score).
 */
export function camOutputMap(cam: Float32Array, dims: readonly number[], n: number, k: number, width: number, height: number, logOdds = false): FinishedMap {
  const [batch, classes, h, w] = dims as [number, number, number, number];
  if (dims.length !== 4 || cam.length !== batch * classes * h * w) {
    throw new ValidationError('camOutputMap', [`cam must be [batch, classes, h, w] with matching length; got dims [${dims.join(', ')}] and ${cam.length} values`]);
  }
  if (n < 0 || n >= batch || k < 0 || k >= classes) throw new ValidationError('camOutputMap', [`image ${n} / class ${k} is outside the cam output [${dims.join(', ')}]`]);
  const plane = (c: number): Float32Array => cam.subarray((n * classes + c) * h * w, (n * classes + c + 1) * h * w);
  const own = plane(k);
  let data = own;
  if (logOdds && classes === 2) {
    const other = plane(1 - k);
    data = Float32Array.from(own, (v, i) => v - (other[i] as number));
  }
  return finishMap({ width: w, height: h, data }, width, height);
}
