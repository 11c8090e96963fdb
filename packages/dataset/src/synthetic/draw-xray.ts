import type { Rng } from '@medimg/core';

/** Anatomy of one synthetic patient (shared by that patient's images). */
export interface PatientAnatomy {
  bodyHalfWidth: number;
  lungHalfWidth: number;
  lungHalfHeight: number;
  lungY: number;
  lungGap: number;
  heartSize: number;
  ribSpacing: number;
  ribPhase: number;
  tissue: number;
}

export function randomAnatomy(rng: Rng): PatientAnatomy {
  return {
    bodyHalfWidth: rng.uniform(0.38, 0.46),
    lungHalfWidth: rng.uniform(0.12, 0.15),
    lungHalfHeight: rng.uniform(0.24, 0.3),
    lungY: rng.uniform(0.44, 0.5),
    lungGap: rng.uniform(0.15, 0.19),
    heartSize: rng.uniform(0.1, 0.14),
    ribSpacing: rng.uniform(0.075, 0.09),
    ribPhase: rng.uniform(0, 1),
    tissue: rng.uniform(0.5, 0.62),
  };
}

interface Blob { x: number; y: number; r: number; a: number }

const smooth = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Opacities of pneumonia: patchy (clusters of small blobs) or lobar (one large smooth region), varied size/place/density. */
function opacities(rng: Rng, a: PatientAnatomy): Blob[] {
  const blobs: Blob[] = [];
  const regions = 1 + rng.int(2);
  for (let k = 0; k < regions; k++) {
    const sideX = rng.next() < 0.5 ? -1 : 1;
    const cx = 0.5 + sideX * a.lungGap + rng.uniform(-0.5, 0.5) * a.lungHalfWidth;
    const cy = a.lungY + rng.uniform(-0.5, 0.8) * a.lungHalfHeight;
    const density = rng.uniform(0.1, 0.32);
    if (rng.next() < 0.5) {
      blobs.push({ x: cx, y: cy, r: rng.uniform(0.07, 0.15), a: density });
    } else {
      const n = 6 + rng.int(10);
      for (let i = 0; i < n; i++) blobs.push({ x: cx + rng.normal() * 0.05, y: cy + rng.normal() * 0.06, r: rng.uniform(0.02, 0.05), a: density * rng.uniform(0.7, 1.4) });
    }
  }
  return blobs;
}

/**
 * Opacities of finding `k` (1-based) of a multi-class synthetic set: each finding has its own place and pattern
 * (k = 1 lobar in the lower lungs, 2 patchy in the upper lungs, 3 lobar upper, 4 patchy lower, ...; odd k on the
 * right, even on the left from 5 on), so N classes are distinguishable yet vary in size, density and position.
 */
function findingOpacities(rng: Rng, a: PatientAnatomy, k: number): Blob[] {
  const blobs: Blob[] = [];
  const lobar = k % 2 === 1;
  const upper = (Math.floor((k - 1) / 2) % 2 === 0) !== lobar;
  const sides = k >= 5 ? [k % 2 === 1 ? 1 : -1] : [-1, 1];
  for (const sideX of sides) {
    const cx = 0.5 + sideX * a.lungGap + rng.uniform(-0.3, 0.3) * a.lungHalfWidth;
    const cy = a.lungY + (upper ? rng.uniform(-0.7, -0.3) : rng.uniform(0.3, 0.7)) * a.lungHalfHeight;
    const density = rng.uniform(0.14, 0.32);
    if (lobar) blobs.push({ x: cx, y: cy, r: rng.uniform(0.08, 0.13), a: density });
    else {
      const n = 8 + rng.int(8);
      for (let i = 0; i < n; i++) blobs.push({ x: cx + rng.normal() * 0.04, y: cy + rng.normal() * 0.04, r: rng.uniform(0.015, 0.03), a: density * rng.uniform(0.8, 1.5) });
    }
  }
  return blobs;
}

/** Faint vessel markings that every lung has (so opacities are not the only texture). */
function markings(rng: Rng, a: PatientAnatomy): Blob[] {
  const out: Blob[] = [];
  const n = 6 + rng.int(8);
  for (let i = 0; i < n; i++) {
    const sideX = rng.next() < 0.5 ? -1 : 1;
    out.push({ x: 0.5 + sideX * (a.lungGap * rng.uniform(0.6, 1.3)), y: a.lungY + rng.uniform(-0.6, 0.7) * a.lungHalfHeight, r: rng.uniform(0.008, 0.02), a: rng.uniform(0.03, 0.08) });
  }
  return out;
}

/** Where an image's anatomy and findings are, pixel by pixel (1 = inside, 0 = outside), same size as the image. */
export interface XrayMasks {
  /** The two lung fields (lung weight >= 0.5 inside the body). */
  lung: Uint8Array;
  /** The drawn pneumonia opacities: lung pixels whose added opacity is >= LESION_LEVEL (all 0 on NORMAL images). */
  lesion: Uint8Array;
}

/** Opacity (in 0..1 intensity units, 1 = 255 gray levels) from which a pixel counts as lesion: ~10 gray levels. */
export const LESION_LEVEL = 0.04;

/**
 * Draws one chest radiograph (gray, 0..255) of side `size`: body outline, two lung fields, heart, spine, ribs, noise;
 * `pneumonia` adds opacities inside the lungs: `true` the two-class pneumonia pattern, a number k >= 1 finding k of a
 * multi-class set (0 = none). With `masks`, also fills its lung and lesion arrays (length size*size)
 * without drawing any extra random numbers, so the pixels are the same with or without it.
 */
export function drawXray(size: number, anatomy: PatientAnatomy, pneumonia: boolean | number, rng: Rng, masks?: XrayMasks): Uint8Array {
  const a = anatomy;
  const dx = rng.uniform(-0.03, 0.03);
  const dy = rng.uniform(-0.03, 0.03);
  const angle = rng.uniform(-0.05, 0.05);
  const gain = rng.uniform(0.9, 1.1);
  const bias = rng.uniform(-0.04, 0.04);
  const noise = rng.uniform(0.015, 0.035);
  const marks = markings(rng, a);
  const lesions = typeof pneumonia === 'number' && pneumonia > 0 ? findingOpacities(rng, a, pneumonia) : pneumonia === true ? opacities(rng, a) : [];
  const blobs = [...marks, ...lesions];
  const img = new Float32Array(size * size);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // pixel -> anatomy coordinates (inverse of a small rotation + shift)
      const ux = (px + 0.5) / size - 0.5 - dx;
      const uy = (py + 0.5) / size - 0.5 - dy;
      const x = 0.5 + cos * ux + sin * uy;
      const y = 0.5 - sin * ux + cos * uy;
      let v = 0.06;
      const bx = (x - 0.5) / a.bodyHalfWidth;
      const by = (y - 0.62) / 0.62;
      const body = 1 - smooth(0.85, 1.0, Math.pow(Math.abs(bx) ** 3 + Math.abs(by * 0.95) ** 3, 1 / 3));
      v += body * a.tissue;
      const ly = (y - a.lungY) / a.lungHalfHeight;
      const lyy = ly < 0 ? ly * 1.1 : ly;
      const lx = (Math.abs(x - 0.5) - a.lungGap) / a.lungHalfWidth;
      const lung = 1 - smooth(0.8, 1.0, Math.sqrt(lx * lx + lyy * lyy));
      v -= lung * 0.32 * body;
      const hx = (x - 0.53) / a.heartSize;
      const hy = (y - (a.lungY + a.lungHalfHeight * 0.5)) / (a.heartSize * 1.1);
      v += (1 - smooth(0.7, 1.0, Math.hypot(hx, hy))) * 0.25 * body;
      const spine = 1 - smooth(0.02, 0.035, Math.abs(x - 0.5));
      const vert = 0.8 + 0.2 * Math.cos((y / 0.045) * 2 * Math.PI);
      v += spine * 0.12 * vert * body;
      // ribs: curved bands per side, y = y0 + k * (x - xc)^2
      const side = x < 0.5 ? -1 : 1;
      const rx = Math.abs(x - 0.5);
      if (rx > 0.03 && rx < a.bodyHalfWidth * 0.95) {
        const yr = y - 2.2 * (rx - 0.05) * (rx - 0.05) - a.ribPhase * a.ribSpacing + 0.004 * side;
        const t = yr / a.ribSpacing;
        const frac = t - Math.floor(t);
        const band = 1 - smooth(0.06, 0.16, Math.abs(frac - 0.5));
        const extent = smooth(0.1, 0.18, y) * (1 - smooth(a.lungY + a.lungHalfHeight * 0.8, a.lungY + a.lungHalfHeight * 1.1, y));
        v += band * 0.07 * extent * body;
      }
      let opacity = 0;
      if (lung > 0) blobs.forEach((b, k) => {
        const d2 = ((x - b.x) * (x - b.x) + (y - b.y) * (y - b.y)) / (b.r * b.r);
        if (d2 < 9) {
          const add = b.a * Math.exp(-0.5 * d2) * lung;
          v += add;
          if (k >= marks.length) opacity += add;
        }
      });
      img[py * size + px] = v;
      if (masks !== undefined) {
        const inLung = lung * body >= 0.5 ? 1 : 0;
        masks.lung[py * size + px] = inLung;
        masks.lesion[py * size + px] = inLung === 1 && opacity >= LESION_LEVEL ? 1 : 0;
      }
    }
  }
  const out = new Uint8Array(size * size);
  for (let i = 0; i < img.length; i++) {
    const val = ((img[i] as number) * gain + bias + noise * rng.normal()) * 255;
    out[i] = val < 0 ? 0 : val > 255 ? 255 : Math.round(val);
  }
  return out;
}
