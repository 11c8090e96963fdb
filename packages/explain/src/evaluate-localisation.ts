import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DataError, OptionChecker } from '@medimg/core';
import { preprocessImageFile } from '@medimg/dataset';
import { classIndexOf } from './decide-class';
import { areaFraction, dilateMask, massInside, pointingHit, type Mask } from './localisation';
import type { Explainer } from './types';

export interface LocalisationOptions {
  explainer: Explainer;
  /** Folder of images that show the finding, e.g. `DATA/test/PNEUMONIA` of a synthetic set. */
  imageDir: string;
  /** Folder holding `{stem}.lung.png` and `{stem}.lesion.png` per image (`generateSyntheticXrays` masksDir/{split}/{class}). */
  maskDir: string;
  /** Class whose map is scored. Default: the card's positive class (else class 1). */
  classIndex?: number | string;
  /** Pointing-game tolerance in model-input pixels (the lesion mask is dilated by it). Default round(0.03 * imageSize), at least 1. */
  tolerance?: number;
  /** Score at most this many images (sorted by name). Default all. */
  limit?: number;
  /** See GradCamOptions.score. Default 'logit'. */
  score?: 'logit' | 'log-odds';
}

export interface LocalisationImage {
  file: string;
  /** Share of the map's mass inside the lung fields (dilated by the tolerance, like the lesion). */
  heatInLung: number;
  /** Area fraction of the (dilated) lung fields: what a uniform map scores on heatInLung. */
  lungArea: number;
  /** Share of the map's mass inside the (undilated) lesion. */
  heatInLesion: number;
  /** The map's maximum lies in the dilated lesion. */
  hit: boolean;
  /** Area fraction of the dilated lesion: the chance of a random point hitting it. */
  chance: number;
  /** Probability of the scored class. */
  probability: number;
}

export interface LocalisationReport {
  images: number;
  classIndex: number;
  tolerance: number;
  method: string;
  layer: string;
  /** Mean share of heat inside the lung fields (dilated by the tolerance). */
  heatInLung: number;
  /** Mean area fraction of the dilated lung fields (what a uniform map would score on heatInLung). */
  lungArea: number;
  /** Mean share of heat inside the lesion. */
  heatInLesion: number;
  /** Pointing-game hit rate. */
  hitRate: number;
  /** Mean chance rate of the pointing game (mean dilated lesion area fraction). */
  chanceRate: number;
  perImage: LocalisationImage[];
}

const WHERE = 'evaluateLocalisation';

async function readMask(path: string, explainer: Explainer): Promise<Mask> {
  const { imageSize, resize } = explainer.metadata.preprocessing;
  const gray = await preprocessImageFile(path, { imageSize, channels: 1, resize, scale: 'unit' }).catch((error: unknown) => {
    throw new DataError(`Error in ${WHERE}: cannot read mask ${path} (${(error as Error).message}). Fix: generate the images with masksDir (generateSyntheticXrays) and pass that folder's split/class folder.`, path, { cause: error });
  });
  return { width: imageSize, height: imageSize, data: Uint8Array.from(gray, (v) => (v >= 128 ? 1 : 0)) };
}

/**
 * Scores where a model's class maps fall on images with known findings (the synthetic generator's masks): the share
 * of heat inside the lung fields and the pointing game (Zhang et al. 2016) against the lesion, both masks dilated by
 * `tolerance` pixels (the maps are upsampled from a coarse grid), with their chance rates (area fractions). Images
 * without any lesion pixel are skipped.
 */
export async function evaluateLocalisation(options: LocalisationOptions): Promise<LocalisationReport> {
  const check = new OptionChecker(WHERE);
  check.string('imageDir', options.imageDir);
  check.string('maskDir', options.maskDir);
  if (options.tolerance !== undefined) check.int('tolerance', options.tolerance, 0, 1000);
  if (options.limit !== undefined) check.int('limit', options.limit, 1, 1e9);
  check.done();
  const { explainer } = options;
  const meta = explainer.metadata;
  const classIndex = classIndexOf(WHERE, options.classIndex ?? meta.positiveClass ?? 1, meta);
  const tolerance = options.tolerance ?? Math.max(1, Math.round(0.03 * meta.preprocessing.imageSize));
  const files = (await readdir(options.imageDir)).filter((f) => ['.jpeg', '.jpg', '.png'].includes(extname(f).toLowerCase())).sort().slice(0, options.limit);
  const perImage: LocalisationImage[] = [];
  let method = explainer.method as string;
  let layer = '';
  for (const file of files) {
    const stem = file.slice(0, -extname(file).length);
    const lung = await readMask(join(options.maskDir, `${stem}.lung.png`), explainer);
    const lesion = await readMask(join(options.maskDir, `${stem}.lesion.png`), explainer);
    if (areaFraction(lesion) === 0) continue;
    const pixels = await preprocessImageFile(join(options.imageDir, file), meta.preprocessing);
    const { imageSize, channels } = meta.preprocessing;
    const e = await explainer.explain({ pixels, width: imageSize, height: imageSize, channels }, { classIndex, ...(options.score !== undefined ? { score: options.score } : {}) });
    method = e.method;
    layer = e.layer;
    const target = dilateMask(lesion, tolerance);
    const lungs = dilateMask(lung, tolerance);
    perImage.push({
      file,
      heatInLung: massInside(e.map, lungs),
      lungArea: areaFraction(lungs),
      heatInLesion: massInside(e.map, lesion),
      hit: pointingHit(e.map, target),
      chance: areaFraction(target),
      probability: e.probabilities[classIndex] as number,
    });
  }
  const mean = (f: (r: LocalisationImage) => number): number => (perImage.length === 0 ? 0 : perImage.reduce((s, r) => s + f(r), 0) / perImage.length);
  return {
    images: perImage.length,
    classIndex,
    tolerance,
    method,
    layer,
    heatInLung: mean((r) => r.heatInLung),
    lungArea: mean((r) => r.lungArea),
    heatInLesion: mean((r) => r.heatInLesion),
    hitRate: mean((r) => (r.hit ? 1 : 0)),
    chanceRate: mean((r) => r.chance),
    perImage,
  };
}
