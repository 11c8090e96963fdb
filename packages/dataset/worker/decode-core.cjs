'use strict';
// Decode + preprocess one image file: the single implementation shared by in-thread decoding and the
// decode worker threads (plain JS so a worker can load it both from src under jest and from dist).
// Both decoders only produce raw pixels; channel conversion and resizing (pixel-ops.cjs) are shared, so sharp
// and jimp differ only by their JPEG/PNG decoders.
const { readFile } = require('node:fs/promises');
const { createHash } = require('node:crypto');
const { intermediateSize, preprocessRaw } = require('./pixel-ops.cjs');
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

/** Returns a reason string when the bytes are not a complete JPEG/PNG, else null. Decoder independent. */
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

/**
 * Decodes and preprocesses encoded image bytes (JPEG or PNG), e.g. an upload.
 * @param {Uint8Array} bytes
 * @param {{ imageSize: number, channels: 1|3, resize: 'stretch'|'letterbox', decoder: 'sharp'|'jimp' }} options
 * @returns {Promise<{ ok: true, pixels: Uint8Array, hash: string, width: number, height: number, sourceChannels: number } | { ok: false, reason: string, hash: string }>}
 */
async function decodeBytes(bytes, options) {
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
  const pixels = preprocessRaw(raw, options);
  return { ok: true, pixels, hash, width: raw.sourceWidth, height: raw.sourceHeight, sourceChannels: raw.channels, ...(raw.note ? { note: raw.note } : {}) };
}

/**
 * Decodes and preprocesses one file.
 * @param {string} path
 * @param {{ imageSize: number, channels: 1|3, resize: 'stretch'|'letterbox', decoder: 'sharp'|'jimp' }} options
 */
async function decodeFile(path, options) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, reason: `unreadable: ${error instanceof Error ? error.message : String(error)}`, hash: '' };
  }
  return decodeBytes(bytes, options);
}

module.exports = { decodeFile, decodeBytes, resolveDecoder, sharpStatus, setSharpConcurrency, checkContainer, isDicom, dicomInfo };
