import { camMap, camMapProblem, overlayPixels } from 'medimg-explain-browser';
import type { Heatmap, PageModelInfo } from './api';

/** The `cam` output of the model's ONNX graph ([batch, classes, h, w]), as onnxruntime-web returns it. */
export interface CamOutput {
  data: Float32Array;
  dims: number[];
}

/**
 * The class map of class `k` computed in this browser from the `cam` output, with @medimg/explain's camMap (the code
 * the server's ONNX explainer runs), and its overlay drawn with overlayPixels (the server's drawing, without the
 * caption band) as a PNG.
 */
export function browserHeatmap(model: PageModelInfo, pixels: Uint8Array, cam: CamOutput, k: number): Heatmap {
  const problem = camMapProblem(cam.data.length, cam.dims, 0, k);
  if (problem !== null) throw new Error(`Error in the page's heatmap: ${problem}`);
  const [height, width, channels] = model.inputShape;
  const map = camMap(cam.data, cam.dims, 0, k, width, height);
  const size = Math.max(width, 448);
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('Error in the page\'s heatmap: no 2d canvas context');
  const img = ctx.createImageData(size, size);
  overlayPixels(img.data, { pixels, width, height, channels }, { width, height, data: map.data }, size, 0.6);
  ctx.putImageData(img, 0, 0);
  return {
    width,
    height,
    classIndex: k,
    className: model.card.classNames[k] ?? String(k),
    method: 'cam',
    layer: 'cam output, in this browser',
    peak: map.peak,
    data: Array.from(map.data),
    overlayPng: canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''),
  };
}
