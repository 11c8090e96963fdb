/**
 * Bilinear resampling of one HWC uint8 image: output pixel (x, y) reads the source at `map(x + 0.5, y + 0.5)`
 * (source coordinates in pixels, pixel centres at +0.5); outside the source reads 0 (black).
 */
export function resampleBilinear(src: Uint8Array, h: number, w: number, c: number, outH: number, outW: number, map: (x: number, y: number) => [number, number]): Float64Array {
  const out = new Float64Array(outH * outW * c);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = map(x + 0.5, y + 0.5);
      const fx = sx - 0.5;
      const fy = sy - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < 4; k++) {
          const xx = x0 + (k & 1);
          const yy = y0 + (k >> 1);
          const wgt = (k & 1 ? ax : 1 - ax) * (k >> 1 ? ay : 1 - ay);
          if (xx >= 0 && xx < w && yy >= 0 && yy < h) acc += wgt * (src[(yy * w + xx) * c + ch] as number);
        }
        out[(y * outW + x) * c + ch] = acc;
      }
    }
  }
  return out;
}

/** The region (x0, y0, width, height) of an image, in source pixels, resized to outH x outW (bilinear). */
export function cropResize(src: Uint8Array, h: number, w: number, c: number, region: { x0: number; y0: number; width: number; height: number }, outH = h, outW = w): Float64Array {
  const kx = region.width / outW;
  const ky = region.height / outH;
  // Clamp reads to the region's edge pixels so a crop at the border does not fade to black.
  return resampleBilinear(src, h, w, c, outH, outW, (x, y) => [Math.min(Math.max(region.x0 + x * kx, 0.5), w - 0.5), Math.min(Math.max(region.y0 + y * ky, 0.5), h - 0.5)]);
}

/** Rounds and clamps float pixels to uint8. */
export function toUint8(values: Float64Array | readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return out;
}
