/** A binary mask (1 inside) over a width x height image, row-major. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The mask grown by `radius` pixels (a disc): a pixel is inside when any mask pixel lies within `radius`. */
export function dilateMask(mask: Mask, radius: number): Mask {
  const { width, height, data } = mask;
  const out = new Uint8Array(data.length);
  const r = Math.max(0, Math.floor(radius));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] !== 1) continue;
      for (let dy = -r; dy <= r; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width && dx * dx + dy * dy <= r * r) out[yy * width + xx] = 1;
        }
      }
    }
  }
  return { width, height, data: out };
}

/** Fraction of the map's total mass that lies inside the mask (0 for an all-zero map). */
export function massInside(map: Float32Array, mask: Mask): number {
  let inside = 0;
  let total = 0;
  map.forEach((v, i) => {
    total += v;
    if (mask.data[i] === 1) inside += v;
  });
  return total > 0 ? inside / total : 0;
}

/** Index of the map's maximum (the first one on ties), or -1 for an all-zero map (it points nowhere). */
export function argmaxOf(map: Float32Array): number {
  let best = -1;
  let max = 0;
  map.forEach((v, i) => {
    if (v > max) {
      max = v;
      best = i;
    }
  });
  return best;
}

/** Pointing game (Zhang et al. 2016): whether the map's maximum falls inside the mask. */
export function pointingHit(map: Float32Array, mask: Mask): boolean {
  const i = argmaxOf(map);
  return i >= 0 && mask.data[i] === 1;
}

/** Fraction of the image a mask covers: the hit rate of a uniformly random point, i.e. the pointing game's chance level. */
export function areaFraction(mask: Mask): number {
  let n = 0;
  for (const m of mask.data) n += m;
  return n / mask.data.length;
}
