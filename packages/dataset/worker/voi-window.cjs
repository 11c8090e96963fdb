'use strict';
// VOI windowing of high-bit-depth gray values (DICOM, 16-bit PNG) to display levels 0..255, kept as floats so the
// resize that follows works at full precision (the reduction to uint8 happens once, at the very end).

/**
 * Maps `values` (modality units, one channel) to Float32 levels in [0, 255].
 * @param {ArrayLike<number>} values
 * @param {{ center: number, width: number } | null} window  null = the full range present (min..max of `values`)
 * @param {{ invert?: boolean, fn?: string }} [o]  invert: MONOCHROME1 (high values dark); fn: DICOM VOI LUT Function
 *   ('LINEAR' default, 'LINEAR_EXACT', 'SIGMOID'), PS3.3 C.11.2.1.2
 * @returns {Float32Array}
 */
function applyWindow(values, window, o = {}) {
  const n = values.length;
  const out = new Float32Array(n);
  let center;
  let width;
  let fn = o.fn || 'LINEAR';
  if (window) {
    center = window.center;
    width = window.width;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) hi = lo + 1;
    // the exact linear map lo -> 0, hi -> 255
    center = (lo + hi) / 2;
    width = hi - lo;
    fn = 'LINEAR_EXACT';
  }
  if (fn === 'SIGMOID') {
    for (let i = 0; i < n; i++) out[i] = 255 / (1 + Math.exp((-4 * (values[i] - center)) / width));
  } else if (fn === 'LINEAR_EXACT') {
    const lo = center - width / 2;
    const scale = 255 / width;
    for (let i = 0; i < n; i++) {
      const y = (values[i] - lo) * scale;
      out[i] = y < 0 ? 0 : y > 255 ? 255 : y;
    }
  } else {
    // LINEAR: (x - (c - 0.5)) / (w - 1) + 0.5, clamped
    const c = center - 0.5;
    const w = Math.max(1, width - 1);
    for (let i = 0; i < n; i++) {
      const y = ((values[i] - c) / w + 0.5) * 255;
      out[i] = y < 0 ? 0 : y > 255 ? 255 : y;
    }
  }
  if (o.invert) for (let i = 0; i < n; i++) out[i] = 255 - out[i];
  return out;
}

/**
 * The window to use: an explicit `{ center, width }` option wins; 'full' is the range present (null);
 * 'auto' is the file's own window when it has one, else `fallback` (null = range present).
 * @param {'auto' | 'full' | { center: number, width: number } | undefined} option
 * @param {{ center: number, width: number } | null} fileWindow
 * @param {{ center: number, width: number } | null} fallback
 */
function chooseWindow(option, fileWindow, fallback) {
  if (option && typeof option === 'object') return option;
  if (option === 'full') return null;
  return fileWindow || fallback;
}

module.exports = { applyWindow, chooseWindow };
