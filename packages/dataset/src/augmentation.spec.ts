import type { ImageBatch } from '@medimg/core';
import { createAugmentation, STRONG_AUGMENTATION } from './augmentation';
import { meanAbsDiff } from './spec-helpers';

function batch(): ImageBatch {
  const h = 24, w = 24, c = 1;
  const pixels = new Uint8Array(2 * h * w * c);
  for (let n = 0; n < 2; n++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) pixels[(n * h + y) * w + x] = x < 8 ? 200 : 40 + y * 3; // left band bright
  return { pixels, labels: new Int32Array([0, 1]), size: 2, height: h, width: w, channels: c, indices: new Int32Array([5, 9]) };
}

describe('createAugmentation', () => {
  it('is seeded and pure: same (seed, epoch, index) -> same pixels; another epoch -> different; input untouched', () => {
    const b = batch();
    const copy = b.pixels.slice();
    const aug = createAugmentation({ seed: 1 });
    const a1 = aug(b, 0);
    const a2 = createAugmentation({ seed: 1 })(b, 0);
    expect(Buffer.from(a1.pixels).equals(Buffer.from(a2.pixels))).toBe(true);
    expect(meanAbsDiff(aug(b, 1).pixels, a1.pixels)).toBeGreaterThan(0.5);
    expect(meanAbsDiff(createAugmentation({ seed: 2 })(b, 0).pixels, a1.pixels)).toBeGreaterThan(0.5);
    expect(Buffer.from(b.pixels).equals(Buffer.from(copy))).toBe(true);
    expect(a1.labels).toEqual(b.labels);
    expect(a1.pixels.length).toBe(b.pixels.length);
  });

  it('with all ranges zero it is the identity; changes stay small with defaults; no flip by default', () => {
    const b = batch();
    const id = createAugmentation({ rotationDegrees: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0 })(b, 3);
    expect(meanAbsDiff(id.pixels, b.pixels)).toBe(0);
    for (let e = 0; e < 10; e++) {
      const out = createAugmentation({ seed: e })(b, e);
      // the bright band stays on the left (a flip would move it right)
      let left = 0, right = 0;
      for (let y = 4; y < 20; y++) { left += out.pixels[y * 24 + 3] as number; right += out.pixels[y * 24 + 20] as number; }
      expect(left).toBeGreaterThan(right);
    }
    const flipped = createAugmentation({ rotationDegrees: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0, horizontalFlip: true });
    let flips = 0;
    for (let e = 0; e < 20; e++) if ((flipped(b, e).pixels[10 * 24 + 1] as number) < 100) flips++;
    expect(flips).toBeGreaterThan(2);
    expect(flips).toBeLessThan(18);
  });

  it('the strong preset is seeded, changes images more than the default, and each new option works alone', () => {
    const b = batch();
    const strong = createAugmentation({ ...STRONG_AUGMENTATION, seed: 1 });
    expect(Buffer.from(strong(b, 2).pixels).equals(Buffer.from(createAugmentation({ ...STRONG_AUGMENTATION, seed: 1 })(b, 2).pixels))).toBe(true);
    let strongDiff = 0, defaultDiff = 0;
    for (let e = 0; e < 8; e++) {
      strongDiff += meanAbsDiff(strong(b, e).pixels, b.pixels);
      defaultDiff += meanAbsDiff(createAugmentation({ seed: 1 })(b, e).pixels, b.pixels);
    }
    expect(strongDiff).toBeGreaterThan(1.3 * defaultDiff);
    const off = { rotationDegrees: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0 };
    for (const extra of [{ gamma: 0.5 }, { noise: 0.05 }, { blur: 0.05 }, { cropScale: 0.5 }]) {
      let changed = 0;
      for (let e = 0; e < 6; e++) changed += meanAbsDiff(createAugmentation({ ...off, ...extra })(b, e).pixels, b.pixels);
      expect({ extra, changed: changed / 6 > 0.3 }).toEqual({ extra, changed: true });
    }
    expect(() => createAugmentation({ cropScale: 0 })).toThrow(/cropScale/);
  });
});
