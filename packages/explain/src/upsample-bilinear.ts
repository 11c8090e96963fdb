import type { HeatMap } from './types';

/**
 * Bilinear resize with half-pixel centres (as tf.image.resizeBilinear with halfPixelCenters, or PyTorch
 * `align_corners=False`): output pixel centres map onto the input grid, edges clamp. Plain arrays, no tensors.
 */
export function upsampleBilinear(map: HeatMap, width: number, height: number): Float32Array {
  const { width: w, height: h, data } = map;
  const out = new Float32Array(width * height);
  const sy = h / height;
  const sx = w / width;
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let ox = 0; ox < width; ox++) {
    const x = Math.min(Math.max((ox + 0.5) * sx - 0.5, 0), w - 1);
    const x0 = Math.floor(x);
    x0s[ox] = x0;
    x1s[ox] = Math.min(x0 + 1, w - 1);
    fxs[ox] = x - x0;
  }
  for (let oy = 0; oy < height; oy++) {
    const y = Math.min(Math.max((oy + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(y);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = y - y0;
    for (let ox = 0; ox < width; ox++) {
      const x0 = x0s[ox] as number;
      const x1 = x1s[ox] as number;
      const fx = fxs[ox] as number;
      const top = (data[y0 * w + x0] as number) * (1 - fx) + (data[y0 * w + x1] as number) * fx;
      const bottom = (data[y1 * w + x0] as number) * (1 - fx) + (data[y1 * w + x1] as number) * fx;
      out[oy * width + ox] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
