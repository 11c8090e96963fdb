import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createRng, hashSeed, OptionChecker, writeFileAtomic } from '@medimg/core';
import { drawXray, randomAnatomy, type XrayMasks } from './draw-xray';
import { encodeGrayJpeg, encodeGrayPng } from './encode-jpeg';
import type { ProgressEvent, SplitName } from '../types';

export interface SyntheticOptions {
  /** Folder to write `{train,test,val}/{NORMAL,PNEUMONIA}/*.jpeg` into. */
  outDir: string;
  /** Train images per class. Default 100. */
  perClass?: number;
  /** Image side in pixels. Default 224. */
  size?: number;
  /** Default 42. */
  seed?: number;
  /** Images per class for each split. Default { train: perClass, test: max(2, round(perClass / 4)), val: max(2, round(perClass / 10)) }; 0 leaves a split out. */
  splits?: Partial<Record<SplitName, number>>;
  /** Number of classes: 2 (default) writes NORMAL/PNEUMONIA, 3 NORMAL/BACTERIA/VIRUS, more NORMAL/FINDING_1.. (see syntheticClassNames). */
  classes?: number;
  /** JPEG quality. Default 90. */
  quality?: number;
  /**
   * Also write where each image's lung fields and drawn opacities are, as 0/255 gray PNGs of the image's size:
   * `masksDir/{split}/{class}/{stem}.lung.png` and `{stem}.lesion.png` (lesion all 0 on NORMAL). The images are the
   * same with or without it. Default: no masks. Keep it outside `outDir` (a dataset folder holds images only).
   */
  masksDir?: string;
  /** With `masksDir`: the splits whose masks are written (e.g. `['test']` when only the test images are scored). Default: every split. */
  maskSplits?: readonly SplitName[];
  onProgress?: (p: ProgressEvent) => void;
}

export interface SyntheticResult {
  outDir: string;
  /** Images written per split and class. */
  counts: Partial<Record<SplitName, Record<string, number>>>;
  files: number;
  /** Mask files written (2 per image) when `masksDir` is set, else 0. */
  maskFiles: number;
}

export const SYNTHETIC_CLASSES = ['NORMAL', 'PNEUMONIA'] as const;

/** Class names of an N-class synthetic set: 2 NORMAL/PNEUMONIA, 3 NORMAL/BACTERIA/VIRUS, N > 3 NORMAL, FINDING_1 .. FINDING_{N-1}. */
export function syntheticClassNames(n: number): string[] {
  if (n === 2) return [...SYNTHETIC_CLASSES];
  if (n === 3) return ['NORMAL', 'BACTERIA', 'VIRUS'];
  return ['NORMAL', ...Array.from({ length: n - 1 }, (_, k) => `FINDING_${k + 1}`)];
}

/**
 * Writes a Kermany-like tree of procedurally drawn chest radiographs (JPEG). Seeded and deterministic.
 * Names carry patient IDs (`IM-0007-0002.jpeg`, `person12_bacteria_3.jpeg`); a patient has 1-3 images and never spans splits.
 */
export async function generateSyntheticXrays(options: SyntheticOptions): Promise<SyntheticResult> {
  const v = new OptionChecker('generateSyntheticXrays');
  v.string('outDir', options.outDir);
  if (options.perClass !== undefined) v.int('perClass', options.perClass, 1, 100000);
  if (options.size !== undefined) v.int('size', options.size, 16, 4096);
  if (options.seed !== undefined) v.int('seed', options.seed);
  if (options.quality !== undefined) v.int('quality', options.quality, 1, 100);
  if (options.classes !== undefined) v.int('classes', options.classes, 2, 8);
  for (const [k, n] of Object.entries(options.splits ?? {})) v.int(`splits.${k}`, n, 0, 100000);
  if (options.masksDir !== undefined) v.string('masksDir', options.masksDir);
  for (const [i, split] of (options.maskSplits ?? []).entries()) v.oneOf(`maskSplits[${i}]`, split, ['train', 'test', 'val']);
  v.done();
  const perClass = options.perClass ?? 100;
  const size = options.size ?? 224;
  const seed = options.seed ?? 42;
  const quality = options.quality ?? 90;
  const classNames = syntheticClassNames(options.classes ?? 2);
  const plan: Record<SplitName, number> = {
    train: perClass,
    test: Math.max(2, Math.round(perClass / 4)),
    val: Math.max(2, Math.round(perClass / 10)),
    ...options.splits,
  };
  const total = Object.values(plan).reduce((s, n) => s + n, 0) * classNames.length;
  const counts: SyntheticResult['counts'] = {};
  let written = 0;
  let maskFiles = 0;
  let patient = 1;
  for (const split of ['train', 'test', 'val'] as const) {
    const n = plan[split];
    if (n <= 0) continue;
    counts[split] = {};
    for (const [c, cls] of classNames.entries()) {
      const dir = join(options.outDir, split, cls);
      await mkdir(dir, { recursive: true });
      const maskDir = options.masksDir === undefined || (options.maskSplits !== undefined && !options.maskSplits.includes(split)) ? undefined : join(options.masksDir, split, cls);
      if (maskDir !== undefined) await mkdir(maskDir, { recursive: true });
      const rng = createRng(hashSeed(`${seed}:${split}:${cls}`));
      let made = 0;
      while (made < n) {
        const anatomy = randomAnatomy(rng);
        const images = Math.min(n - made, 1 + rng.int(3));
        const kind = classNames.length === 2 ? (rng.next() < 0.6 ? 'bacteria' : 'virus') : cls.toLowerCase();
        for (let k = 0; k < images; k++) {
          const masks: XrayMasks | undefined = maskDir === undefined ? undefined : { lung: new Uint8Array(size * size), lesion: new Uint8Array(size * size) };
          const gray = drawXray(size, anatomy, classNames.length === 2 ? cls === 'PNEUMONIA' : c, rng.fork(), masks);
          const name = cls === 'NORMAL' ? `IM-${String(patient).padStart(4, '0')}-${String(k + 1).padStart(4, '0')}.jpeg` : `person${patient}_${kind}_${made + 1}.jpeg`;
          await writeFileAtomic(join(dir, name), await encodeGrayJpeg(gray, size, size, quality));
          if (maskDir !== undefined && masks !== undefined) {
            const stem = name.replace(/\.jpeg$/, '');
            for (const part of ['lung', 'lesion'] as const) {
              await writeFileAtomic(join(maskDir, `${stem}.${part}.png`), await encodeGrayPng(masks[part].map((m) => m * 255), size, size));
              maskFiles++;
            }
          }
          made++;
          written++;
          options.onProgress?.({ phase: 'synth', done: written, total });
        }
        patient++;
      }
      counts[split][cls] = made;
    }
  }
  return { outDir: options.outDir, counts, files: written, maskFiles };
}
