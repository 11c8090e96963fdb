import type { ImageBatch } from '@medimg/core';
import { TTA_VIEWS, ttaViews } from './tta-views';

const H = 50;

/** One image: dark background, a bright 6x6 square with its corner at (x, y) (left-right asymmetric). */
function batch(x: number, y: number): ImageBatch {
  const pixels = new Uint8Array(H * H).fill(20);
  for (let yy = y; yy < y + 6; yy++) for (let xx = x; xx < x + 6; xx++) pixels[yy * H + xx] = 220;
  return { pixels, labels: Int32Array.from([1]), size: 1, height: H, width: H, channels: 1, indices: Int32Array.from([7]) };
}

/** Intensity-weighted centroid of the bright pixels. */
function centroid(p: Uint8Array): [number, number] {
  let sx = 0;
  let sy = 0;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const w = Math.max(0, (p[i] as number) - 20);
    sx += w * ((i % H) + 0.5);
    sy += w * (Math.floor(i / H) + 0.5);
    s += w;
  }
  return [sx / s, sy / s];
}

describe('test-time views', () => {
  it('K = 1 is the identity: the very batch, untouched', () => {
    const b = batch(10, 20);
    const [only] = ttaViews(1);
    expect(ttaViews(1)).toHaveLength(1);
    expect(only!(b, 0)).toBe(b);
  });

  it('moves the image as each view says: shifts of 4% (2 px of 50), a zoom about the centre, rotations; no flip by default', () => {
    const b = batch(30, 10); // square centred at (33, 13)
    const views = ttaViews(8);
    expect(TTA_VIEWS.map((v) => v.name)).toEqual(['identity', 'shift-right', 'shift-left', 'shift-down', 'shift-up', 'zoom-in', 'rotate+4', 'rotate-4']);
    expect(TTA_VIEWS.every((v) => !v.flip)).toBe(true);
    const c = views.map((t) => centroid(t(b, 0).pixels));
    expect(c[0]![0]).toBeCloseTo(33, 1);
    expect(c[1]![0] - c[0]![0]).toBeCloseTo(2, 0);
    expect(c[2]![0] - c[0]![0]).toBeCloseTo(-2, 0);
    expect(c[3]![1] - c[0]![1]).toBeCloseTo(2, 0);
    expect(c[4]![1] - c[0]![1]).toBeCloseTo(-2, 0);
    // zoom-in 0.9 about (25, 25): (33, 13) -> (25 + 8 / 0.9, 25 - 12 / 0.9)
    expect(c[5]![0]).toBeCloseTo(25 + 8 / 0.9, 0);
    expect(c[5]![1]).toBeCloseTo(25 - 12 / 0.9, 0);
    // a rotation keeps the distance to the centre and turns the point by 4 degrees one way or the other
    const angle = (p: [number, number]): number => Math.atan2(p[1] - 25, p[0] - 25);
    expect(Math.abs(angle(c[6]!) - angle(c[0]!)) * (180 / Math.PI)).toBeCloseTo(4, 0);
    expect((angle(c[6]!) - angle(c[0]!)) * (angle(c[7]!) - angle(c[0]!))).toBeLessThan(0);
    // deterministic, labels and indices kept, the input untouched
    const again = ttaViews(8)[3]!(b, 5);
    expect(Buffer.from(again.pixels).equals(Buffer.from(views[3]!(b, 0).pixels))).toBe(true);
    expect([...again.indices, ...again.labels]).toEqual([7, 1]);
    expect(b.pixels[13 * H + 33]).toBe(220);
  });

  it('mirrors only when asked, and rejects K outside 1..8', () => {
    const b = batch(30, 10);
    const flipped = ttaViews(1, { horizontalFlip: true });
    expect(flipped).toHaveLength(2);
    expect(centroid(flipped[1]!(b, 0).pixels)[0]).toBeCloseTo(50 - 33, 0);
    expect(() => ttaViews(0)).toThrow(/tta must be an integer in \[1, 8\]; got 0/);
    expect(() => ttaViews(9)).toThrow(/tta must be an integer in \[1, 8\]; got 9/);
  });
});
