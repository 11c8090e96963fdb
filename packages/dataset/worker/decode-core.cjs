'use strict';
// Decode + preprocess one image file: the single implementation shared by in-thread decoding and the
// decode worker threads (plain JS so a worker can load it both from src under jest and from dist).
// Both decoders only produce raw pixels; channel conversion and resizing below are shared, so sharp
// and jimp differ only by their JPEG/PNG decoders.
const { readFile } = require('node:fs/promises');
const { createHash } = require('node:crypto');
const { isDicom, decodeDicom, dicomInfo, DicomReason } = require('./decode-dicom.cjs');
const { pngBitDepth, decodePng16 } = require('./decode-png16.cjs');

let sharpModule; // undefined = not tried, null = failed
let sharpError = '';
function loadSharp() {
  if (sharpModule === undefined) {
    try {
      sharpModule = require('sharp');
    } catch (error) {
      sharpModule = null;
      sharpError = error instanceof Error ? error.message : String(error);
    }
  }
  return sharpModule;
}

let jimpModule;
function loadJimp() {
  if (jimpModule === undefined) jimpModule = require('jimp');
  return jimpModule;
}

/** 'sharp' when it loads, else 'jimp'. */
function resolveDecoder(choice) {
  if (choice === 'jimp') return 'jimp';
  if (choice === 'sharp') {
    if (!loadSharp()) throw new Error(`decoder 'sharp' was requested but sharp does not load here (${sharpError}). Fix: install sharp or use decoder 'jimp'`);
    return 'sharp';
  }
  return loadSharp() ? 'sharp' : 'jimp';
}

function sharpStatus() {
  return loadSharp() ? { ok: true } : { ok: false, error: sharpError };
}

/** Limits libvips' own thread pool (call inside each worker so N workers do not oversubscribe the cores). */
function setSharpConcurrency(n) {
  const s = loadSharp();
  if (s) s.concurrency(n);
}

function isJpeg(b) { return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff; }
function isPng(b) { return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47; }

/** Returns a reason string when the bytes are not a complete JPEG/PNG (or a DICOM Part 10 file), else null. Decoder independent. */
function checkContainer(bytes) {
  if (bytes.length === 0) return 'empty file (0 bytes)';
  if (isDicom(bytes)) return null; // checked while decoding (transfer syntax, pixel data)
  if (isJpeg(bytes)) {
    // The end-of-image marker must be present (some writers pad with zeros after it).
    let end = bytes.length;
    while (end > 2 && bytes[end - 1] === 0x00) end--;
    const tail = bytes.subarray(Math.max(0, end - 64), end);
    for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return null;
    return 'truncated JPEG (no end-of-image marker)';
  }
  if (isPng(bytes)) {
    const tail = bytes.subarray(Math.max(0, bytes.length - 64));
    const s = Buffer.from(tail).toString('latin1');
    return s.includes('IEND') ? null : 'truncated PNG (no IEND chunk)';
  }
  return 'not a JPEG or PNG image, nor a DICOM file (unrecognised signature)';
}

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

async function decodeRaw(bytes, options) {
  // High bit depth (DICOM, 16-bit PNG): float levels 0..255 from the windowing, full size; the shared resize follows.
  if (isDicom(bytes)) {
    const d = decodeDicom(bytes, options.window);
    return { ...d, sourceWidth: d.width, sourceHeight: d.height };
  }
  if (pngBitDepth(bytes) === 16) {
    const d = decodePng16(bytes, options.window);
    return { ...d, sourceWidth: d.width, sourceHeight: d.height };
  }
  if (options.decoder === 'sharp') {
    const sharp = loadSharp();
    const meta = await sharp(bytes, { failOn: 'truncated' }).metadata();
    let pipeline = sharp(bytes, { failOn: 'truncated' });
    const mid = meta.width && meta.height ? intermediateSize(meta.width, meta.height, options.imageSize, options.resize) : null;
    if (mid) pipeline = pipeline.resize(mid.w, mid.h, { fit: 'fill', kernel: 'linear' });
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels, sourceWidth: meta.width || info.width, sourceHeight: meta.height || info.height };
  }
  const { Jimp } = loadJimp();
  const image = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height } = image.bitmap;
  return { data: image.bitmap.data, width, height, channels: 4, sourceWidth: width, sourceHeight: height };
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
 * Decodes and preprocesses one file.
 * @param {string} path
 * @param {{ imageSize: number, channels: 1|3, resize: 'stretch'|'letterbox', decoder: 'sharp'|'jimp', window?: 'auto'|'full'|{center:number,width:number} }} options
 * @returns {Promise<{ ok: true, pixels: Uint8Array, hash: string, width: number, height: number, sourceChannels: number, note?: string } | { ok: false, reason: string, hash: string }>}
 */
async function decodeFile(path, options) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, reason: `unreadable: ${error instanceof Error ? error.message : String(error)}`, hash: '' };
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  const bad = checkContainer(bytes);
  if (bad) return { ok: false, reason: bad, hash };
  let raw;
  try {
    raw = await decodeRaw(bytes, options);
  } catch (error) {
    if (error instanceof DicomReason) return { ok: false, reason: error.message, hash };
    return { ok: false, reason: `corrupt image (${options.decoder}): ${error instanceof Error ? error.message : String(error)}`, hash };
  }
  if (raw.width < 1 || raw.height < 1) return { ok: false, reason: 'image has no pixels', hash };
  const c = options.channels;
  let planes = toChannels(raw, c);
  let w = raw.width;
  let h = raw.height;
  const mid = intermediateSize(raw.sourceWidth, raw.sourceHeight, options.imageSize, options.resize);
  if (mid && (w !== mid.w || h !== mid.h)) {
    planes = resizePlane(planes, w, h, c, mid.w, mid.h);
    w = mid.w;
    h = mid.h;
  }
  const pixels = resizeSquare(planes, w, h, c, options.imageSize, options.resize, raw.sourceWidth, raw.sourceHeight);
  return { ok: true, pixels, hash, width: raw.sourceWidth, height: raw.sourceHeight, sourceChannels: raw.channels, ...(raw.note ? { note: raw.note } : {}) };
}

module.exports = { decodeFile, resolveDecoder, sharpStatus, setSharpConcurrency, checkContainer, isDicom, dicomInfo };
