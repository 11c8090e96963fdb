'use strict';
// 16-bit PNG to float display levels, read with pngjs (skipRescale keeps the 16-bit values), so the precision
// survives the resize; windowing as for DICOM ('auto' = the nominal 0..65535 range).
const { applyWindow, chooseWindow } = require('./voi-window.cjs');

let pngjs;
function loadPngjs() {
  if (!pngjs) pngjs = require('pngjs');
  return pngjs;
}

/** Bit depth from the IHDR chunk (byte 24), 0 when the bytes are not a PNG. */
function pngBitDepth(b) {
  return b.length >= 26 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 ? b[24] : 0;
}

const NOMINAL = { center: 65535 / 2, width: 65535 };

/**
 * @param {Uint8Array} bytes a 16-bit PNG
 * @param {'auto'|'full'|{center:number,width:number}|undefined} windowOption
 * @returns {{ data: Float32Array, width: number, height: number, channels: number }}
 */
function decodePng16(bytes, windowOption) {
  const { PNG } = loadPngjs();
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  const { width, height } = png;
  const rgba = png.data; // Uint16Array, RGBA
  const colour = png.colorType === 2 || png.colorType === 6;
  const channels = colour ? 3 : 1;
  const n = width * height;
  const values = new Float64Array(n * channels);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) values[i * channels + c] = rgba[i * 4 + c];
  const window = chooseWindow(windowOption, null, NOMINAL);
  // the nominal range is an exact linear map 0 -> 0, 65535 -> 255
  const fn = window === NOMINAL ? 'LINEAR_EXACT' : 'LINEAR';
  return { data: applyWindow(values, window, { fn }), width, height, channels };
}

module.exports = { pngBitDepth, decodePng16 };
