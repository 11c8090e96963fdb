import { createRng, hashSeed, OptionChecker, type BatchTransform, type ImageBatch } from '@medimg/core';

/** Seeded augmentation; each image's transform depends only on (seed, epoch, image index). Defaults in brackets. */
export interface AugmentationOptions {
  /** Max rotation in degrees, uniform in [-r, r]. [10] */
  rotationDegrees?: number;
  /** Max shift as a fraction of the side, per axis. [0.08] */
  shift?: number;
  /** Max zoom change, scale in [1 - z, 1 + z]. [0.1] */
  zoom?: number;
  /** Max brightness change in units of full scale, added. [0.1] */
  brightness?: number;
  /** Max contrast change, factor in [1 - c, 1 + c] around the image mean. [0.1] */
  contrast?: number;
  /** Mirror left-right with probability 0.5. [false] (anatomy is not symmetric) */
  horizontalFlip?: boolean;
  /** [42] */
  seed?: number;
}

function augmentOne(src: Uint8Array, h: number, w: number, c: number, p: { angle: number; sx: number; sy: number; scale: number; flip: boolean; bright: number; contrast: number }): Uint8Array {
  const out = new Uint8Array(src.length);
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  const cx = w / 2;
  const cy = h / 2;
  let mean = 0;
  for (let i = 0; i < src.length; i++) mean += src[i] as number;
  mean /= src.length;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // output -> source: undo shift, zoom, rotation (about the centre)
      let ux = (x + 0.5 - cx - p.sx * w) / p.scale;
      const uy = (y + 0.5 - cy - p.sy * h) / p.scale;
      if (p.flip) ux = -ux;
      const fx = cos * ux + sin * uy + cx - 0.5;
      const fy = -sin * ux + cos * uy + cy - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < 4; k++) {
          const xx = x0 + (k & 1);
          const yy = y0 + (k >> 1);
          const wgt = ((k & 1) ? ax : 1 - ax) * ((k >> 1) ? ay : 1 - ay);
          if (xx >= 0 && xx < w && yy >= 0 && yy < h) acc += wgt * (src[(yy * w + xx) * c + ch] as number);
        }
        const v = (acc - mean) * p.contrast + mean + p.bright * 255;
        out[(y * w + x) * c + ch] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}

/** A seeded BatchTransform: small rotation, shift, zoom, brightness/contrast; no horizontal flip by default. Pure. */
export function createAugmentation(options: AugmentationOptions = {}): BatchTransform {
  const v = new OptionChecker('createAugmentation');
  if (options.rotationDegrees !== undefined) v.number('rotationDegrees', options.rotationDegrees, 0, 180);
  for (const k of ['shift', 'zoom', 'brightness', 'contrast'] as const) if (options[k] !== undefined) v.number(k, options[k], 0, 0.9);
  if (options.seed !== undefined) v.int('seed', options.seed);
  v.done();
  const rot = ((options.rotationDegrees ?? 10) * Math.PI) / 180;
  const shift = options.shift ?? 0.08;
  const zoom = options.zoom ?? 0.1;
  const brightness = options.brightness ?? 0.1;
  const contrast = options.contrast ?? 0.1;
  const flip = options.horizontalFlip ?? false;
  const seed = options.seed ?? 42;
  return (batch: ImageBatch, epoch: number): ImageBatch => {
    const per = batch.height * batch.width * batch.channels;
    const pixels = new Uint8Array(batch.pixels.length);
    for (let i = 0; i < batch.size; i++) {
      const rng = createRng(hashSeed(`${seed}:${epoch}:${batch.indices[i] ?? i}`));
      const params = {
        angle: rng.uniform(-rot, rot),
        sx: rng.uniform(-shift, shift),
        sy: rng.uniform(-shift, shift),
        scale: rng.uniform(1 - zoom, 1 + zoom),
        flip: flip && rng.next() < 0.5,
        bright: rng.uniform(-brightness, brightness),
        contrast: rng.uniform(1 - contrast, 1 + contrast),
      };
      pixels.set(augmentOne(batch.pixels.subarray(i * per, (i + 1) * per), batch.height, batch.width, batch.channels, params), i * per);
    }
    return { ...batch, pixels, labels: batch.labels.slice(), indices: batch.indices.slice() };
  };
}
