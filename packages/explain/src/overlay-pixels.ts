import { JET_LUT } from './colormap';
import type { HeatMap } from './types';
import { upsampleBilinear } from './upsample-bilinear';

/** An image as the model saw it: HWC uint8 (1 or 3 channels). */
export interface OverlayBase {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * The overlay's picture, written as RGBA into the first `size * size * 4` bytes of `target` (a `size`-wide image): the
 * image in grey and the map (values in [0, 1]), both upsampled bilinearly to `size` x `size`, and the map's jet colour
 * (JET_LUT, 256 levels) blended on with opacity `opacity * map`, so cold areas show the image. No Node imports: the page
 * of @medimg/serve draws its in-browser overlay with this same function.
 */
export function overlayPixels(target: Uint8Array | Uint8ClampedArray, base: OverlayBase, map: HeatMap, size: number, opacity: number): void {
  const c = base.channels;
  const n = base.width * base.height;
  const gray = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += base.pixels[i * c + k] as number;
    gray[i] = s / c;
  }
  const g = upsampleBilinear({ width: base.width, height: base.height, data: gray }, size, size);
  const heat = upsampleBilinear(map, size, size);
  for (let i = 0, o = 0; i < size * size; i++, o += 4) {
    const h = heat[i] as number;
    const m = h > 0 ? (h < 1 ? h : 1) : 0;
    const l = Math.round(m * 255) * 3;
    const a = opacity * m;
    const v = (1 - a) * (g[i] as number);
    target[o] = Math.round(v + a * (JET_LUT[l] as number));
    target[o + 1] = Math.round(v + a * (JET_LUT[l + 1] as number));
    target[o + 2] = Math.round(v + a * (JET_LUT[l + 2] as number));
    target[o + 3] = 255;
  }
}
