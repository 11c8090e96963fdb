import { isMedimgError } from '@medimg/core';
import { loadExplainer, renderOverlay, type Explainer } from '@medimg/explain';
import type { ExplainMap } from './protocol';

/**
 * The explainer of a served model (@medimg/explain: Grad-CAM for a LayersModel, the `cam` output of an .onnx file),
 * or why there is none (a GraphModel, an ONNX file exported without a `cam` output).
 */
export async function loadServedExplainer(path: string, threads: number): Promise<{ explainer: Explainer } | { problem: string }> {
  try {
    return { explainer: await loadExplainer(path, { threads }) };
  } catch (error) {
    if (!isMedimgError(error)) throw error;
    return { problem: error.message };
  }
}

/**
 * The class map of one preprocessed image (HWC uint8 at the model input size): the model's decided class, its map at
 * the input size and on the feature grid, and with `overlay` the overlay PNG (@medimg/explain's renderOverlay).
 */
export async function explainPixels(explainer: Explainer, pixels: Uint8Array, [height, width, channels]: readonly [number, number, 1 | 3], overlay: boolean): Promise<ExplainMap> {
  const image = { pixels, width, height, channels };
  const e = await explainer.explain(image);
  const png = overlay ? await renderOverlay(image, e, explainer.metadata) : undefined;
  return {
    width: e.width,
    height: e.height,
    data: e.map,
    classIndex: e.classIndex,
    className: e.className,
    method: e.method,
    layer: e.layer,
    peak: e.peak,
    lowRes: { width: e.lowRes.width, height: e.lowRes.height, data: e.lowRes.data },
    ...(png !== undefined ? { overlayPng: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) } : {}),
  };
}
