'use strict';
// Pixel operations after decoding: channel conversion and the antialiased resize to the model's square input.
// Pure JavaScript with no Node.js imports, so the one implementation runs in decode workers, in-thread decoding
// and the browser page of @medimg/serve (bundled from this file), and every runtime gets the same pixels.

/**
 * Intermediate size for a two-stage downscale: when the image is more than 2x the target, it is first reduced to
 * about 2x the target (sharp: libvips with a linear kernel and JPEG shrink-on-load; jimp: the same triangle filter
 * in JS), then the shared filter below makes the final size. Null when no pre-reduction is needed.
 */
function intermediateSize(w, h, size, mode) {
  if (mode === 'letterbox') {
    const s = (2 * size) / Math.max(w, h);
    return s < 1 ? { w: Math.max(1, Math.round(w * s)), h: Math.max(1, Math.round(h * s)) } : null;
  }
  const iw = Math.min(w, 2 * size);
  const ih = Math.min(h, 2 * size);
  return iw < w || ih < h ? { w: iw, h: ih } : null;
}

/** Raw pixels with 1..4 channels to a Float32 plane set of 1 (gray) or 3 (RGB) channels, HWC. */
function toChannels(raw, channels) {
  const { data, width, height } = raw;
  const cin = raw.channels;
  const n = width * height;
  const out = new Float32Array(n * channels);
  if (channels === 1) {
    for (let i = 0; i < n; i++) {
      const p = i * cin;
      out[i] = cin >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const p = i * cin;
      const q = i * 3;
      if (cin >= 3) {
        out[q] = data[p]; out[q + 1] = data[p + 1]; out[q + 2] = data[p + 2];
      } else {
        out[q] = out[q + 1] = out[q + 2] = data[p];
      }
    }
  }
  return out;
}

/** Antialiased bilinear (triangle filter whose support grows with the downscale factor; plain bilinear when upscaling). */
function filterWeights(inSize, outSize) {
  const scale = inSize / outSize;
  const support = Math.max(1, scale);
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = [];
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support));
    const hi = Math.min(inSize, Math.ceil(center + support));
    const w = new Float32Array(hi - lo);
    let sum = 0;
    for (let i = lo; i < hi; i++) {
      const x = Math.abs((i + 0.5 - center) / support);
      const v = x < 1 ? 1 - x : 0;
      w[i - lo] = v;
      sum += v;
    }
    if (sum > 0) for (let k = 0; k < w.length; k++) w[k] /= sum;
    starts[o] = lo;
    counts[o] = hi - lo;
    weights.push(w);
  }
  return { starts, counts, weights };
}

function resizePlane(src, w, h, c, ow, oh) {
  const fx = filterWeights(w, ow);
  const fy = filterWeights(h, oh);
  const tmp = new Float32Array(h * ow * c);
  for (let y = 0; y < h; y++) {
    const row = y * w * c;
    for (let ox = 0; ox < ow; ox++) {
      const s = fx.starts[ox];
      const wt = fx.weights[ox];
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < wt.length; k++) acc += wt[k] * src[row + (s + k) * c + ch];
        tmp[(y * ow + ox) * c + ch] = acc;
      }
    }
  }
  const out = new Float32Array(oh * ow * c);
  for (let oy = 0; oy < oh; oy++) {
    const s = fy.starts[oy];
    const wt = fy.weights[oy];
    for (let x = 0; x < ow * c; x++) {
      let acc = 0;
      for (let k = 0; k < wt.length; k++) acc += wt[k] * tmp[(s + k) * ow * c + x];
      out[oy * ow * c + x] = acc;
    }
  }
  return out;
}

function toUint8(f) {
  const out = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const v = Math.round(f[i]);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/**
 * Resizes HWC float pixels (w x h, possibly pre-reduced from a sw x sh source) to size x size: 'stretch' ignores the
 * aspect ratio, 'letterbox' fits the source aspect ratio and pads with black.
 */
function resizeSquare(planes, w, h, c, size, mode, sw, sh) {
  if (mode === 'letterbox') {
    const s = size / Math.max(sw, sh);
    const ow = Math.max(1, Math.round(sw * s));
    const oh = Math.max(1, Math.round(sh * s));
    const inner = toUint8(resizePlane(planes, w, h, c, ow, oh));
    const out = new Uint8Array(size * size * c);
    const x0 = Math.floor((size - ow) / 2);
    const y0 = Math.floor((size - oh) / 2);
    for (let y = 0; y < oh; y++) out.set(inner.subarray(y * ow * c, (y + 1) * ow * c), ((y0 + y) * size + x0) * c);
    return out;
  }
  return toUint8(resizePlane(planes, w, h, c, size, size));
}

/**
 * Decoded raw pixels (1..4 channels, HWC uint8) to the model input: HWC uint8 of size x size x channels.
 * `raw.sourceWidth/sourceHeight` is the original size when a decoder already pre-reduced the image (sharp);
 * otherwise the pre-reduction to about 2x the target is done here.
 * @param {{ data: ArrayLike<number>, width: number, height: number, channels: number, sourceWidth?: number, sourceHeight?: number }} raw
 * @param {{ imageSize: number, channels: 1|3, resize: 'stretch'|'letterbox' }} options
 * @returns {Uint8Array}
 */
function preprocessRaw(raw, options) {
  const c = options.channels;
  const sw = raw.sourceWidth || raw.width;
  const sh = raw.sourceHeight || raw.height;
  let planes = toChannels(raw, c);
  let w = raw.width;
  let h = raw.height;
  const mid = intermediateSize(sw, sh, options.imageSize, options.resize);
  if (mid && (w !== mid.w || h !== mid.h)) {
    planes = resizePlane(planes, w, h, c, mid.w, mid.h);
    w = mid.w;
    h = mid.h;
  }
  return resizeSquare(planes, w, h, c, options.imageSize, options.resize, sw, sh);
}

module.exports = { preprocessRaw, intermediateSize, toChannels, resizePlane, resizeSquare };
