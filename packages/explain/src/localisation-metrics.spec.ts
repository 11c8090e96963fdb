import { areaFraction, argmaxOf, dilateMask, massInside, pointingHit, type Mask } from './localisation';

const mask = (w: number, h: number, on: [number, number][]): Mask => {
  const data = new Uint8Array(w * h);
  for (const [x, y] of on) data[y * w + x] = 1;
  return { width: w, height: h, data };
};

describe('localisation metrics', () => {
  it('dilates by a disc, measures area, mass inside and the pointing game', () => {
    const m = mask(7, 7, [[3, 3]]);
    const d = dilateMask(m, 2);
    expect(areaFraction(m)).toBeCloseTo(1 / 49);
    expect(d.data.reduce((s, v) => s + v, 0)).toBe(13); // |dx|^2 + |dy|^2 <= 4
    const map = new Float32Array(49);
    map[3 * 7 + 5] = 1; // two pixels right of the lesion
    map[0] = 0.5;
    expect(pointingHit(map, m)).toBe(false);
    expect(pointingHit(map, d)).toBe(true);
    expect(massInside(map, d)).toBeCloseTo(1 / 1.5);
    expect(argmaxOf(new Float32Array(49))).toBe(-1);
    expect(pointingHit(new Float32Array(49), d)).toBe(false);
    expect(massInside(new Float32Array(49), d)).toBe(0);
  });
});
