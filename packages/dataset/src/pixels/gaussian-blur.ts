/** Separable Gaussian blur of one HWC image (edges clamped); sigma in pixels, 0 returns a copy. */
export function gaussianBlur(src: Float64Array, h: number, w: number, c: number, sigma: number): Float64Array {
  if (sigma <= 0) return src.slice();
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  // One 1-D pass; taps past the edge read the edge pixel. Away from the edges the same sum is taken without the clamp.
  const pass = (input: Float64Array, horizontal: boolean): Float64Array => {
    const out = new Float64Array(input.length);
    const size = horizontal ? w : h;
    const step = (horizontal ? 1 : w) * c;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = horizontal ? x : y;
        const interior = at - radius >= 0 && at + radius < size;
        for (let ch = 0; ch < c; ch++) {
          const centre = (y * w + x) * c + ch;
          let acc = 0;
          if (interior) {
            for (let k = -radius, i = centre - radius * step; k <= radius; k++, i += step) acc += (kernel[k + radius] as number) * (input[i] as number);
          } else {
            for (let k = -radius; k <= radius; k++) {
              const xx = horizontal ? Math.min(Math.max(x + k, 0), w - 1) : x;
              const yy = horizontal ? y : Math.min(Math.max(y + k, 0), h - 1);
              acc += (kernel[k + radius] as number) * (input[(yy * w + xx) * c + ch] as number);
            }
          }
          out[centre] = acc;
        }
      }
    }
    return out;
  };
  return pass(pass(src, true), false);
}
