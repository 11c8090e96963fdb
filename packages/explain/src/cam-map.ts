import { finishMap, type FinishedMap } from './finish-map';

/** Why (cam, dims, n, k) is not a valid request for camMap, or null when it is. */
export function camMapProblem(length: number, dims: readonly number[], n: number, k: number): string | null {
  const [batch, classes, h, w] = dims as [number, number, number, number];
  if (dims.length !== 4 || length !== batch * classes * h * w) return `cam must be [batch, classes, h, w] with matching length; got dims [${dims.join(', ')}] and ${length} values`;
  if (n < 0 || n >= batch || k < 0 || k >= classes) return `image ${n} / class ${k} is outside the cam output [${dims.join(', ')}]`;
  return null;
}

/**
 * The class map of image `n`, class `k` from a `cam` output ([batch, classes, h, w]) already checked by camMapProblem:
 * with `logOdds` (2 classes) the map of z_k - z_other, else of z_k; then finishMap (ReLU, bilinear upsampling to
 * `width` x `height`, min-max normalisation). No Node imports: onnxruntime-node on the server (camOutputMap) and
 * onnxruntime-web in @medimg/serve's page run this same code.
 */
export function camMap(cam: Float32Array, dims: readonly number[], n: number, k: number, width: number, height: number, logOdds = false): FinishedMap {
  const [, classes, h, w] = dims as [number, number, number, number];
  const plane = (c: number): Float32Array => cam.subarray((n * classes + c) * h * w, (n * classes + c + 1) * h * w);
  const own = plane(k);
  let data = own;
  if (logOdds && classes === 2) {
    const other = plane(1 - k);
    data = Float32Array.from(own, (v, i) => v - (other[i] as number));
  }
  return finishMap({ width: w, height: h, data }, width, height);
}
