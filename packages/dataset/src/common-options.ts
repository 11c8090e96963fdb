import { INTENSITY_NORMALIZATIONS, OptionChecker, type IntensityNormalization, type WindowSetting } from '@medimg/core';
import { defaultWorkers } from './decode/decode-pool';
import { resolveDecoder, type DecodeOptions } from './decode/decode-core';
import { defaultCacheDir, defaultMemoryBudget } from './pixel-cache';
import type { DataReport, DecoderChoice, SplitReport } from './types';

export interface CommonInput {
  dataDir: unknown;
  imageSize: unknown;
  channels: unknown;
  resize?: unknown;
  normalize?: unknown;
  decoder?: unknown;
  workers?: unknown;
  cacheDir?: unknown;
  memoryBudgetBytes?: unknown;
  window?: unknown;
}

export interface CommonResolved {
  decode: DecodeOptions;
  cacheDir: string;
  workers: number;
  memoryBudgetBytes: number;
  /** Applied when batches are read (the cache holds the decoded pixels). */
  normalize: IntensityNormalization;
}

/** Checks the options every loading entry point shares (adds problems to `v`). */
export function checkCommon(v: OptionChecker, o: CommonInput): void {
  v.string('dataDir', o.dataDir);
  v.int('imageSize', o.imageSize, 8, 4096);
  v.oneOf('channels', o.channels, [1, 3]);
  if (o.resize !== undefined) v.oneOf('resize', o.resize, ['stretch', 'letterbox']);
  if (o.normalize !== undefined) v.oneOf('normalize', o.normalize, INTENSITY_NORMALIZATIONS);
  if (o.decoder !== undefined) v.oneOf('decoder', o.decoder, ['auto', 'sharp', 'jimp']);
  if (o.workers !== undefined) v.int('workers', o.workers, 1, 64);
  if (o.cacheDir !== undefined) v.string('cacheDir', o.cacheDir);
  if (o.memoryBudgetBytes !== undefined) v.number('memoryBudgetBytes', o.memoryBudgetBytes, 0);
  if (o.window !== undefined) checkWindow(v, 'window', o.window);
}

/** A window setting: 'auto', 'full' or `{ center, width }` with a finite center and a positive width. */
export function checkWindow(v: OptionChecker, name: string, w: unknown): void {
  if (typeof w === 'object' && w !== null) {
    const { center, width } = w as { center?: unknown; width?: unknown };
    v.number(`${name}.center`, center);
    v.number(`${name}.width`, width, Number.MIN_VALUE);
  } else v.oneOf(name, w, ['auto', 'full']);
}

/** Defaults of the shared options (call after checkCommon passed). */
export function resolveCommon(o: CommonInput): CommonResolved {
  return {
    decode: {
      imageSize: o.imageSize as number,
      channels: o.channels as 1 | 3,
      resize: (o.resize as 'stretch' | 'letterbox' | undefined) ?? 'stretch',
      decoder: resolveDecoder((o.decoder as DecoderChoice | undefined) ?? 'auto'),
      window: (o.window as WindowSetting | undefined) ?? 'auto',
    },
    cacheDir: (o.cacheDir as string | undefined) ?? defaultCacheDir(),
    workers: (o.workers as number | undefined) ?? defaultWorkers(),
    memoryBudgetBytes: (o.memoryBudgetBytes as number | undefined) ?? defaultMemoryBudget(),
    normalize: (o.normalize as IntensityNormalization | undefined) ?? 'none',
  };
}

/** The report fields every loading entry point fills the same way; cache hits and misses counted over `reads`. */
export function reportBase(dataDir: string, classNames: string[], common: CommonResolved, reads: readonly SplitReport[]): Omit<DataReport, 'splits' | 'sides'> {
  const hits = reads.filter((r) => r.cacheHit).length;
  return {
    dataDir,
    classNames,
    decoder: common.decode.decoder,
    imageSize: common.decode.imageSize,
    channels: common.decode.channels,
    resize: common.decode.resize,
    window: common.decode.window ?? 'auto',
    cacheHits: hits,
    cacheMisses: reads.length - hits,
  };
}
