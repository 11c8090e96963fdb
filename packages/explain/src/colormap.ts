/** The "jet" colour map: t in [0, 1] -> [r, g, b] in 0..255 (blue -> cyan -> yellow -> red). */
export function jet(t: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, t));
  const channel = (offset: number): number => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - offset))));
  return [channel(3), channel(2), channel(1)];
}

/** `jet` tabulated at 256 levels, RGB triples: entry i is jet(i / 255), at bytes 3i..3i+2. */
export const JET_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(jet(i / 255), i * 3);
  return lut;
})();
