import type { Rng } from '@medimg/core';
import { gaussianBlur } from '../pixels/gaussian-blur';
import { cropResize, resampleBilinear, toUint8 } from '../pixels/resample';

/** One image and the seeded stream that draws its perturbation parameters. */
export interface PerturbationInput {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Severity multiplier (1 = the documented level). */
  severity: number;
  rng: Rng;
}

/** A controlled acquisition change of one HWC uint8 image. Pure apart from the rng it is given. */
export type Perturbation = (input: PerturbationInput) => Uint8Array;

function meanOf(p: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] as number;
  return p.length === 0 ? 0 : s / p.length;
}

/** Maps every pixel through f (on 0..255 values). */
function pointwise(p: Uint8Array, f: (v: number) => number): Uint8Array {
  const lut = new Float64Array(256);
  for (let v = 0; v < 256; v++) lut[v] = f(v);
  return toUint8(Float64Array.from(p, (v) => lut[v] as number));
}

/** Either `1 + a` or `1 / (1 + a)`, seeded: an increase or a decrease of the same size. */
function upOrDown(rng: Rng, a: number): number {
  return rng.next() < 0.5 ? 1 + a : 1 / (1 + a);
}

/** contrast: factor 1.5 or 1/1.5 (severity 1) about the image mean. */
const contrast: Perturbation = ({ pixels, severity, rng }) => {
  const k = upOrDown(rng, 0.5 * severity);
  const m = meanOf(pixels);
  return pointwise(pixels, (v) => (v - m) * k + m);
};

/** gamma: exponent 1.6 or 1/1.6 on [0, 1] intensities (a different detector response curve). */
const gamma: Perturbation = ({ pixels, severity, rng }) => {
  const g = upOrDown(rng, 0.6 * severity);
  return pointwise(pixels, (v) => 255 * Math.pow(v / 255, g));
};

/** exposure: +-15% of full scale added (over- or under-exposure), clipped. */
const exposure: Perturbation = ({ pixels, severity, rng }) => {
  const shift = (rng.next() < 0.5 ? 1 : -1) * 0.15 * severity * 255;
  return pointwise(pixels, (v) => v + shift);
};

/** noise: Gaussian noise with standard deviation 5% of full scale (quantum noise of a low dose). */
const noise: Perturbation = ({ pixels, severity, rng }) => {
  const sigma = 0.05 * severity * 255;
  return toUint8(Float64Array.from(pixels, (v) => v + sigma * rng.normal()));
};

/** blur: Gaussian blur, sigma 1% of the side (at least 0.5 px): a softer detector or motion. */
const blur: Perturbation = ({ pixels, height, width, channels, severity }) => {
  const sigma = Math.max(0.5, 0.01 * severity * Math.max(height, width));
  return toUint8(gaussianBlur(Float64Array.from(pixels), height, width, channels, sigma));
};

/** resolution: downsampled by 3 (area average) and upsampled back (bilinear): a lower-resolution acquisition. */
const resolution: Perturbation = ({ pixels, height, width, channels, severity }) => {
  const factor = 1 + 2 * severity;
  const lh = Math.max(2, Math.round(height / factor));
  const lw = Math.max(2, Math.round(width / factor));
  const low = new Float64Array(lh * lw * channels);
  for (let y = 0; y < lh; y++) {
    for (let x = 0; x < lw; x++) {
      const y0 = Math.floor((y * height) / lh);
      const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * height) / lh));
      const x0 = Math.floor((x * width) / lw);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * width) / lw));
      for (let ch = 0; ch < channels; ch++) {
        let acc = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) acc += pixels[(yy * width + xx) * channels + ch] as number;
        low[(y * lw + x) * channels + ch] = acc / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  const lowU8 = toUint8(low);
  const sx = lw / width;
  const sy = lh / height;
  return toUint8(resampleBilinear(lowU8, lh, lw, channels, height, width, (x, y, at) => {
    at[0] = Math.min(Math.max(x * sx, 0.5), lw - 0.5);
    at[1] = Math.min(Math.max(y * sy, 0.5), lh - 0.5);
  }));
};

/** crop: a different field of view: a seeded 80% x 80% window (severity 1) resized back to the full image. */
const crop: Perturbation = ({ pixels, height, width, channels, severity, rng }) => {
  const keep = Math.max(0.2, 1 - 0.2 * severity);
  const cw = keep * width;
  const ch = keep * height;
  return toUint8(cropResize(pixels, height, width, channels, { x0: rng.uniform(0, width - cw), y0: rng.uniform(0, height - ch), width: cw, height: ch }));
};

/**
 * The built-in acquisition changes of the shift-stress validation, by name, at severity 1. Each draws its random
 * choices (direction, noise, window) from a stream seeded by (seed, perturbation, image index): deterministic.
 */
export const STRESS_PERTURBATIONS: Readonly<Record<string, Perturbation>> = { contrast, gamma, noise, blur, resolution, exposure, crop };

/** The names of the built-in perturbations, in report order. */
export const STRESS_NAMES: readonly string[] = Object.keys(STRESS_PERTURBATIONS);
