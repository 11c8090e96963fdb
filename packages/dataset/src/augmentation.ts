import { createRng, hashSeed, OptionChecker, type BatchTransform, type ImageBatch, type Rng } from '@medimg/core';
import { gaussianBlur } from './pixels/gaussian-blur';
import { resampleBilinear, toUint8 } from './pixels/resample';

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
  /** Max gamma change: exponent log-uniform in [1 / (1 + g), 1 + g] on [0, 1] intensities. [0] (off) */
  gamma?: number;
  /** Max Gaussian noise standard deviation in units of full scale (drawn uniformly in [0, n] per image). [0] (off) */
  noise?: number;
  /** Max Gaussian blur sigma as a fraction of the side (uniform in [0, b] per image, on half of the images). [0] (off) */
  blur?: number;
  /**
   * Random resized crop: the smallest crop area as a fraction of the image (uniform area in [s, 1], aspect ratio
   * log-uniform in [3/4, 4/3], position uniform), resized back to the full side. [1] (off)
   */
  cropScale?: number;
  /** [42] */
  seed?: number;
}

/**
 * The "strong" preset of the robust recipe (`medimg train --augment strong`): wider geometry, random resized crops
 * (area 60-100%) and acquisition-like intensity changes (brightness, contrast, gamma, noise, blur).
 */
export const STRONG_AUGMENTATION: Readonly<Omit<AugmentationOptions, 'seed'>> = {
  rotationDegrees: 15,
  shift: 0.1,
  zoom: 0.15,
  brightness: 0.2,
  contrast: 0.35,
  gamma: 0.5,
  noise: 0.04,
  blur: 0.012,
  cropScale: 0.6,
};

interface ImageParams {
  angle: number;
  /** Output-to-source scale per axis (zoom times the crop's). */
  scaleX: number;
  scaleY: number;
  /** Shift in output pixels. */
  shiftX: number;
  shiftY: number;
  /** Source point that the output centre reads, before the shift (pixels). */
  centreX: number;
  centreY: number;
  flip: boolean;
  bright: number;
  contrast: number;
  gamma: number;
  noise: number;
  blurSigma: number;
}

function augmentOne(src: Uint8Array, h: number, w: number, c: number, p: ImageParams, rng: Rng): Uint8Array {
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  let mean = 0;
  for (let i = 0; i < src.length; i++) mean += src[i] as number;
  mean /= src.length;
  // output -> source: undo the shift, zoom/crop scale, flip and rotation about the centre, then move to the crop centre
  let v = resampleBilinear(src, h, w, c, h, w, (x, y, at) => {
    let ux = (x - w / 2 - p.shiftX) * p.scaleX;
    const uy = (y - h / 2 - p.shiftY) * p.scaleY;
    if (p.flip) ux = -ux;
    at[0] = cos * ux + sin * uy + p.centreX;
    at[1] = -sin * ux + cos * uy + p.centreY;
  });
  if (p.blurSigma > 0) v = gaussianBlur(v, h, w, c, p.blurSigma);
  const offset = p.bright * 255;
  const noiseScale = p.noise * 255;
  for (let i = 0; i < v.length; i++) {
    let x = ((v[i] as number) - mean) * p.contrast + mean + offset;
    if (p.gamma !== 1) x = 255 * Math.pow(Math.min(Math.max(x, 0), 255) / 255, p.gamma);
    if (p.noise > 0) x += noiseScale * rng.normal();
    v[i] = x;
  }
  return toUint8(v);
}

/**
 * A seeded BatchTransform: rotation, shift, zoom, brightness/contrast by default; optionally gamma, noise, blur and
 * random resized crops (see STRONG_AUGMENTATION); no horizontal flip by default. Pure.
 */
export function createAugmentation(options: AugmentationOptions = {}): BatchTransform {
  const v = new OptionChecker('createAugmentation');
  if (options.rotationDegrees !== undefined) v.number('rotationDegrees', options.rotationDegrees, 0, 180);
  for (const k of ['shift', 'zoom', 'brightness', 'contrast', 'gamma', 'blur'] as const) if (options[k] !== undefined) v.number(k, options[k], 0, 0.9);
  if (options.noise !== undefined) v.number('noise', options.noise, 0, 0.5);
  if (options.cropScale !== undefined) v.number('cropScale', options.cropScale, 0.1, 1);
  if (options.seed !== undefined) v.int('seed', options.seed);
  v.done();
  const rot = ((options.rotationDegrees ?? 10) * Math.PI) / 180;
  const shift = options.shift ?? 0.08;
  const zoom = options.zoom ?? 0.1;
  const brightness = options.brightness ?? 0.1;
  const contrast = options.contrast ?? 0.1;
  const flip = options.horizontalFlip ?? false;
  const gamma = options.gamma ?? 0;
  const noise = options.noise ?? 0;
  const blur = options.blur ?? 0;
  const cropScale = options.cropScale ?? 1;
  const seed = options.seed ?? 42;
  return (batch: ImageBatch, epoch: number): ImageBatch => {
    const { height: h, width: w, channels: c } = batch;
    const per = h * w * c;
    const pixels = new Uint8Array(batch.pixels.length);
    for (let i = 0; i < batch.size; i++) {
      const rng = createRng(hashSeed(`${seed}:${epoch}:${batch.indices[i] ?? i}`));
      // The draws of the default options come first and in the original order, so default runs are unchanged.
      const angle = rng.uniform(-rot, rot);
      const sx = rng.uniform(-shift, shift);
      const sy = rng.uniform(-shift, shift);
      const scale = rng.uniform(1 - zoom, 1 + zoom);
      const flipped = flip && rng.next() < 0.5;
      const bright = rng.uniform(-brightness, brightness);
      const factor = rng.uniform(1 - contrast, 1 + contrast);
      let cropW = 1;
      let cropH = 1;
      let cx = 0.5;
      let cy = 0.5;
      if (cropScale < 1) {
        const area = rng.uniform(cropScale, 1);
        const aspect = Math.exp(rng.uniform(Math.log(3 / 4), Math.log(4 / 3)));
        cropW = Math.min(1, Math.sqrt(area * aspect));
        cropH = Math.min(1, Math.sqrt(area / aspect));
        cx = rng.uniform(cropW / 2, 1 - cropW / 2);
        cy = rng.uniform(cropH / 2, 1 - cropH / 2);
      }
      const g = gamma > 0 ? Math.exp(rng.uniform(-Math.log(1 + gamma), Math.log(1 + gamma))) : 1;
      const sigma = noise > 0 ? rng.uniform(0, noise) : 0;
      const blurSigma = blur > 0 && rng.next() < 0.5 ? rng.uniform(0, blur) * Math.max(h, w) : 0;
      const params: ImageParams = {
        angle,
        scaleX: cropW / scale,
        scaleY: cropH / scale,
        shiftX: sx * w,
        shiftY: sy * h,
        centreX: cx * w,
        centreY: cy * h,
        flip: flipped,
        bright,
        contrast: factor,
        gamma: g,
        noise: sigma,
        blurSigma,
      };
      pixels.set(augmentOne(batch.pixels.subarray(i * per, (i + 1) * per), h, w, c, params, rng), i * per);
    }
    return { ...batch, pixels, labels: batch.labels.slice(), indices: batch.indices.slice() };
  };
}
