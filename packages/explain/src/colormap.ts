/** The "jet" colour map: t in [0, 1] -> [r, g, b] in 0..255 (blue -> cyan -> yellow -> red). */
export function jet(t: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, t));
  const channel = (offset: number): number => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - offset))));
  return [channel(3), channel(2), channel(1)];
}
