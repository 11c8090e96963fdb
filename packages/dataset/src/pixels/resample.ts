/**
 * Bilinear resampling of one HWC uint8 image: output pixel (x, y) reads the source at the point `map(x + 0.5, y + 0.5,
 * at)` writes into `at` (source coordinates in pixels, pixel centres at +0.5; one reused pair, so no array per pixel);
 * outside the source reads 0 (black).
 */
export function resampleBilinear(src: Uint8Array, h: number, w: number, c: number, outH: number, outW: number, map: (x: number, y: number, at: Float64Array) => void): Float64Array {
  const out = new Float64Array(outH * outW * c);
  const at = new Float64Array(2);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      map(x + 0.5, y + 0.5, at);
      const fx = (at[0] as number) - 0.5;
      const fy = (at[1] as number) - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const bx = 1 - ax;
      const by = 1 - ay;
      // the four taps in the order (x0, y0), (x0 + 1, y0), (x0, y0 + 1), (x0 + 1, y0 + 1); outside ones add nothing
      const inX0 = x0 >= 0 && x0 < w;
      const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
      const inY0 = y0 >= 0 && y0 < h;
      const inY1 = y0 + 1 >= 0 && y0 + 1 < h;
      const row0 = y0 * w;
      const row1 = row0 + w;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        if (inX0 && inY0) acc += bx * by * (src[(row0 + x0) * c + ch] as number);
        if (inX1 && inY0) acc += ax * by * (src[(row0 + x0 + 1) * c + ch] as number);
        if (inX0 && inY1) acc += bx * ay * (src[(row1 + x0) * c + ch] as number);
        if (inX1 && inY1) acc += ax * ay * (src[(row1 + x0 + 1) * c + ch] as number);
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
  return resampleBilinear(src, h, w, c, outH, outW, (x, y, at) => {
    at[0] = Math.min(Math.max(region.x0 + x * kx, 0.5), w - 0.5);
    at[1] = Math.min(Math.max(region.y0 + y * ky, 0.5), h - 0.5);
  });
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
