'use strict';
// DICOM Part 10 (uncompressed) to float display levels, read with dcmjs: MONOCHROME1/2 and RGB, 8/12/16-bit stored
// values, signed pixels, Rescale Slope/Intercept, the VOI window (first one, or an override), first frame of many.
const { applyWindow, chooseWindow } = require('./voi-window.cjs');

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const SUPPORTED = new Set([IMPLICIT_LE, EXPLICIT_LE]);
const SYNTAX_NAMES = {
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

let dcmjs;
function loadDcmjs() {
  if (!dcmjs) {
    dcmjs = require('dcmjs');
    // the library logs VR guesses and short values on the console; medimg reports its own reasons instead
    dcmjs.log.setLevel('silent');
    dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');
    for (const l of Object.values(dcmjs.log.getLoggers ? dcmjs.log.getLoggers() : {})) l.setLevel('silent');
  }
  return dcmjs;
}

/** True when the bytes carry the Part 10 preamble: 128 bytes, then 'DICM'. */
function isDicom(b) {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

class DicomReason extends Error {}

const first = (v) => (Array.isArray(v) ? v[0] : v);
const num = (v, dflt) => {
  const x = Number(first(v));
  return Number.isFinite(x) ? x : dflt;
};

/** Parses the file and checks what medimg needs; throws DicomReason with a message that names the fix. */
function parseDicom(bytes) {
  const { DicomMessage, DicomMetaDictionary } = loadDcmjs().data;
  let message;
  try {
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    message = DicomMessage.readFile(ab, { ignoreErrors: false });
  } catch (error) {
    throw new DicomReason(`corrupt or truncated DICOM (${error && error.message ? error.message : String(error)}). Fix: re-export the file from the PACS or remove it`);
  }
  const syntax = String(first(message.meta['00020010'] && message.meta['00020010'].Value) || '').trim();
  const ds = DicomMetaDictionary.naturalizeDataset(message.dict);
  return { syntax, ds };
}

function frameInfo(ds) {
  const rows = num(ds.Rows, 0);
  const cols = num(ds.Columns, 0);
  const spp = num(ds.SamplesPerPixel, 1);
  const bitsAllocated = num(ds.BitsAllocated, 16);
  const bitsStored = num(ds.BitsStored, bitsAllocated);
  const highBit = num(ds.HighBit, bitsStored - 1);
  const signed = num(ds.PixelRepresentation, 0) === 1;
  const photometric = String(first(ds.PhotometricInterpretation) || 'MONOCHROME2').trim().toUpperCase();
  const frames = Math.max(1, num(ds.NumberOfFrames, 1));
  const planar = num(ds.PlanarConfiguration, 0) === 1;
  return { rows, cols, spp, bitsAllocated, bitsStored, highBit, signed, photometric, frames, planar };
}

/** Size, channels and transfer syntax without decoding pixels (for `data inspect`); `reason` set when unusable. */
function dicomInfo(bytes) {
  try {
    const { syntax, ds } = parseDicom(bytes);
    const f = frameInfo(ds);
    const reason = checkUsable(syntax, ds, f);
    return { width: f.cols, height: f.rows, channels: f.spp, frames: f.frames, transferSyntax: syntax, reason };
  } catch (error) {
    return { width: 0, height: 0, channels: 0, frames: 0, transferSyntax: '', reason: error.message };
  }
}

function checkUsable(syntax, ds, f) {
  if (!SUPPORTED.has(syntax)) {
    const name = SYNTAX_NAMES[syntax] ? ` (${SYNTAX_NAMES[syntax]})` : '';
    return `unsupported DICOM transfer syntax ${syntax || '(none)'}${name}; medimg reads uncompressed DICOM (implicit or explicit VR little endian, ${IMPLICIT_LE} / ${EXPLICIT_LE}). ` +
      'Fix: decompress it first, e.g. `dcmdjpeg in.dcm out.dcm` (DCMTK; `dcmdjpls`/`dcmdrle` for JPEG-LS/RLE) or `gdcmconv --raw in.dcm out.dcm` (GDCM)';
  }
  if (ds.PixelData === undefined) {
    const sop = first(ds.SOPClassUID);
    return `DICOM file has no Pixel Data (7FE0,0010)${sop ? `, SOP class ${sop}` : ''}: not an image (e.g. a report or presentation state). Fix: remove it from the class folder`;
  }
  if (f.rows < 1 || f.cols < 1) return `DICOM image has ${f.rows} rows x ${f.cols} columns. Fix: remove the file (no pixels)`;
  if (f.bitsAllocated !== 8 && f.bitsAllocated !== 16 && f.bitsAllocated !== 32) return `DICOM Bits Allocated ${f.bitsAllocated} is not supported (8, 16 or 32). Fix: convert the file (e.g. \`gdcmconv --raw\`)`;
  if (f.bitsStored < 1 || f.bitsStored > f.bitsAllocated || f.highBit >= f.bitsAllocated || f.highBit + 1 < f.bitsStored) {
    return `DICOM Bits Stored ${f.bitsStored} / High Bit ${f.highBit} do not fit Bits Allocated ${f.bitsAllocated}. Fix: re-export the file`;
  }
  const gray = f.photometric === 'MONOCHROME1' || f.photometric === 'MONOCHROME2';
  if (!(gray && f.spp === 1) && !(f.photometric === 'RGB' && f.spp === 3)) {
    return `DICOM Photometric Interpretation ${f.photometric} with ${f.spp} sample(s) per pixel is not supported (MONOCHROME1, MONOCHROME2, RGB). Fix: convert it to RGB or grayscale (e.g. \`gdcmconv --raw\`, \`dcmconv\`)`;
  }
  return null;
}

/** The raw pixel bytes of the first frame (native, uncompressed pixel data). */
function firstFrameBytes(ds, f) {
  const parts = Array.isArray(ds.PixelData) ? ds.PixelData : [ds.PixelData];
  const total = parts.reduce((s, p) => s + (p ? p.byteLength : 0), 0);
  const frameBytes = (f.rows * f.cols * f.spp * f.bitsAllocated) / 8;
  if (total < frameBytes) throw new DicomReason(`truncated DICOM pixel data: ${total} bytes, one ${f.cols}x${f.rows} frame needs ${frameBytes}. Fix: re-export the file`);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    if (!p) continue;
    const u = p instanceof Uint8Array ? p : new Uint8Array(p.buffer ? p.buffer : p, p.byteOffset || 0, p.byteLength);
    all.set(u, at);
    at += u.length;
  }
  return all.subarray(0, frameBytes);
}

/** Stored values (shifted, masked, sign-extended per Bits Stored / High Bit / Pixel Representation) as float64. */
function storedValues(bytes, f) {
  const n = f.rows * f.cols * f.spp;
  const out = new Float64Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = f.highBit + 1 - f.bitsStored;
  const mask = f.bitsStored >= 32 ? 0xffffffff : 2 ** f.bitsStored - 1;
  const signBit = 2 ** (f.bitsStored - 1);
  for (let i = 0; i < n; i++) {
    let word = f.bitsAllocated === 8 ? dv.getUint8(i) : f.bitsAllocated === 16 ? dv.getUint16(2 * i, true) : dv.getUint32(4 * i, true);
    let v = Math.floor(word / 2 ** shift) % (mask + 1);
    if (f.signed && v >= signBit) v -= 2 * signBit;
    out[i] = v;
  }
  return out;
}

function fileWindow(ds) {
  const c = num(ds.WindowCenter, NaN);
  const w = num(ds.WindowWidth, NaN);
  return Number.isFinite(c) && Number.isFinite(w) && w > 0 ? { center: c, width: w } : null;
}

/**
 * Decodes the first frame to float display levels 0..255 (HWC, 1 or 3 channels).
 * @param {Uint8Array} bytes
 * @param {'auto'|'full'|{center:number,width:number}|undefined} windowOption
 * @returns {{ data: Float32Array, width: number, height: number, channels: number, note?: string }}
 */
function decodeDicom(bytes, windowOption) {
  const { syntax, ds } = parseDicom(bytes);
  const f = frameInfo(ds);
  const bad = checkUsable(syntax, ds, f);
  if (bad) throw new DicomReason(bad);
  const raw = storedValues(firstFrameBytes(ds, f), f);
  const note = f.frames > 1 ? `multi-frame DICOM (${f.frames} frames): used the first frame` : undefined;
  const base = { width: f.cols, height: f.rows, ...(note ? { note } : {}) };
  if (f.photometric === 'RGB') {
    // colour: no modality/VOI transform; values scaled from the stored range; planar (RRR..GGG..BBB) to interleaved
    const max = 2 ** f.bitsStored - 1;
    const n = f.rows * f.cols;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) for (let ch = 0; ch < 3; ch++) data[i * 3 + ch] = ((f.planar ? raw[ch * n + i] : raw[i * 3 + ch]) / max) * 255;
    return { ...base, data, channels: 3 };
  }
  const slope = num(ds.RescaleSlope, 1) || 1;
  const intercept = num(ds.RescaleIntercept, 0);
  if (slope !== 1 || intercept !== 0) for (let i = 0; i < raw.length; i++) raw[i] = raw[i] * slope + intercept;
  const own = fileWindow(ds);
  const window = chooseWindow(windowOption, own, null);
  const fn = window && window === own ? String(first(ds.VOILUTFunction) || 'LINEAR').trim().toUpperCase() : 'LINEAR';
  const data = applyWindow(raw, window, { invert: f.photometric === 'MONOCHROME1', fn });
  return { ...base, data, channels: 1 };
}

module.exports = { isDicom, decodeDicom, dicomInfo, DicomReason, SUPPORTED_TRANSFER_SYNTAXES: [...SUPPORTED] };
