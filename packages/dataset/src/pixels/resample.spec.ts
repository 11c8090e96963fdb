import { createRng } from '@medimg/core';
import { gaussianBlur } from './gaussian-blur';
import { resampleBilinear } from './resample';

/** The textbook forms (a tap loop with a bounds check per tap; a clamped read per blur tap), to hold the fast ones to. */
function referenceBilinear(src: Uint8Array, h: number, w: number, c: number, map: (x: number, y: number) => [number, number]): Float64Array {
  const out = new Float64Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [sx, sy] = map(x + 0.5, y + 0.5);
    const x0 = Math.floor(sx - 0.5);
    const y0 = Math.floor(sy - 0.5);
    const ax = sx - 0.5 - x0;
    const ay = sy - 0.5 - y0;
    for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let k = 0; k < 4; k++) {
        const xx = x0 + (k & 1);
        const yy = y0 + (k >> 1);
        const wgt = (k & 1 ? ax : 1 - ax) * (k >> 1 ? ay : 1 - ay);
        if (xx >= 0 && xx < w && yy >= 0 && yy < h) acc += wgt * (src[(yy * w + xx) * c + ch] as number);
      }
      out[(y * w + x) * c + ch] = acc;
    }
  }
  return out;
}

function referenceBlur(src: Float64Array, h: number, w: number, c: number, sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / sum);
  const pass = (input: Float64Array, horizontal: boolean): Float64Array => {
    const out = new Float64Array(input.length);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++) {
        const xx = horizontal ? Math.min(Math.max(x + t, 0), w - 1) : x;
        const yy = horizontal ? y : Math.min(Math.max(y + t, 0), h - 1);
        acc += (k[t + radius] as number) * (input[(yy * w + xx) * c + ch] as number);
      }
      out[(y * w + x) * c + ch] = acc;
    }
    return out;
  };
  return pass(pass(src, true), false);
}

describe('resampleBilinear and gaussianBlur', () => {
  const rng = createRng(7);
  const image = (h: number, w: number, c: number): Uint8Array => Uint8Array.from({ length: h * w * c }, () => rng.int(256));

  it.each([[1, 37, 23], [3, 16, 29]])('resampling equals the per-tap reference to the bit (%i channel(s), %ix%i), inside and outside the source', (c, h, w) => {
    const src = image(h, w, c);
    for (const [angle, scale, shift] of [[0, 1, 0], [0.4, 0.7, 3.3], [-1.1, 1.6, -7.9], [Math.PI, 1, 0.5]] as const) {
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const point = (x: number, y: number): [number, number] => {
        const ux = (x - w / 2 - shift) * scale;
        const uy = (y - h / 2 + shift) * scale;
        return [cos * ux + sin * uy + w / 2, -sin * ux + cos * uy + h / 2];
      };
      const fast = resampleBilinear(src, h, w, c, h, w, (x, y, at) => {
        const [sx, sy] = point(x, y);
        at[0] = sx;
        at[1] = sy;
      });
      expect(Buffer.from(fast.buffer).equals(Buffer.from(referenceBilinear(src, h, w, c, point).buffer))).toBe(true);
    }
  });

  it.each([[1, 30, 41, 0.8], [3, 12, 9, 2.2], [1, 5, 40, 3]])('blur equals the clamped-tap reference to the bit (%i channel(s), %ix%i, sigma %f; radius past the image on one axis)', (c, h, w, sigma) => {
    const src = Float64Array.from(image(h, w, c));
    const fast = gaussianBlur(src, h, w, c, sigma);
    expect(Buffer.from(fast.buffer).equals(Buffer.from(referenceBlur(src, h, w, c, sigma).buffer))).toBe(true);
    expect(fast.some((v, i) => v !== src[i])).toBe(true);
  });
});
