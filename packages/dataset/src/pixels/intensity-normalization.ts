import type { ImageBatch, IntensityNormalization } from '@medimg/core';

/** Percentiles of the percentile stretch: the 1st and 99th percentile of each image map to 0 and 255. */
export const PERCENTILE_RANGE: readonly [number, number] = [0.01, 0.99];

function histogram(img: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256);
  for (let i = 0; i < img.length; i++) {
    const v = img[i] as number;
    hist[v] = (hist[v] as number) + 1;
  }
  return hist;
}

/** The smallest value v with at least `q` of the pixels <= v. */
function quantile(hist: Uint32Array, total: number, q: number): number {
  const target = q * total;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] as number;
    if (acc >= target) return v;
  }
  return 255;
}

/** A 256-entry lookup table that stretches [lo, hi] to [0, 255] (identity when the image is flat). */
function stretchTable(lo: number, hi: number): Uint8Array {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = hi <= lo ? v : Math.min(255, Math.max(0, Math.round(((v - lo) * 255) / (hi - lo))));
  return lut;
}

/** Histogram equalisation table: the CDF, rescaled so the darkest occupied level maps to 0 and the brightest to 255. */
function equalizeTable(hist: Uint32Array, total: number): Uint8Array {
  const lut = new Uint8Array(256);
  let first = 0;
  while (first < 255 && hist[first] === 0) first++;
  const cdfMin = hist[first] as number;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] as number;
    lut[v] = total === cdfMin ? v : Math.round((Math.max(acc - cdfMin, 0) * 255) / (total - cdfMin));
  }
  return lut;
}

/**
 * Per-image intensity normalisation of one HWC uint8 image (all channels share one table, so colour is kept):
 * `percentile` stretches the 1st..99th percentile to 0..255 (clipping the tails), `equalize` is histogram
 * equalisation, `none` returns the input. Pure: the input is not modified.
 */
export function normalizeIntensity(img: Uint8Array, method: IntensityNormalization): Uint8Array {
  if (method === 'none' || img.length === 0) return img;
  const hist = histogram(img);
  const lut = method === 'equalize' ? equalizeTable(hist, img.length) : stretchTable(quantile(hist, img.length, PERCENTILE_RANGE[0]), quantile(hist, img.length, PERCENTILE_RANGE[1]));
  const out = new Uint8Array(img.length);
  for (let i = 0; i < img.length; i++) out[i] = lut[img[i] as number] as number;
  return out;
}

/** `normalizeIntensity` on every image of a batch (a new batch; `none` returns the batch itself). */
export function normalizeBatch(batch: ImageBatch, method: IntensityNormalization): ImageBatch {
  if (method === 'none') return batch;
  const per = batch.height * batch.width * batch.channels;
  const pixels = new Uint8Array(batch.pixels.length);
  for (let i = 0; i < batch.size; i++) pixels.set(normalizeIntensity(batch.pixels.subarray(i * per, (i + 1) * per), method), i * per);
  return { ...batch, pixels };
}
