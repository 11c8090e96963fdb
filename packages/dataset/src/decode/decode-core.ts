import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WindowSetting } from '@medimg/core';
import type { DecoderChoice, DecoderName } from '../types';

/** Options of one decode (the decoder already resolved). */
export interface DecodeOptions {
  imageSize: number;
  channels: 1 | 3;
  resize: 'stretch' | 'letterbox';
  decoder: DecoderName;
  /** High-bit-depth windowing (DICOM, 16-bit PNG); default 'auto'. See Preprocessing.window. */
  window?: WindowSetting;
}

export type DecodeResult =
  | { ok: true; pixels: Uint8Array; hash: string; width: number; height: number; sourceChannels: number; note?: string }
  | { ok: false; reason: string; hash: string };

/** The plain-JS decode core in worker/decode-core.cjs (shared by in-thread decoding and worker threads). */
export interface DecodeCore {
  decodeFile(path: string, options: DecodeOptions): Promise<DecodeResult>;
  decodeBytes(bytes: Uint8Array, options: DecodeOptions): Promise<DecodeResult>;
  resolveDecoder(choice: DecoderChoice): DecoderName;
  sharpStatus(): { ok: true } | { ok: false; error: string };
  setSharpConcurrency(n: number): void;
  checkContainer(bytes: Uint8Array): string | null;
  isDicom(bytes: Uint8Array): boolean;
  /** Size, channels and transfer syntax of a DICOM file without decoding its pixels; `reason` when it is unusable. */
  dicomInfo(bytes: Uint8Array): { width: number; height: number; channels: number; frames: number; transferSyntax: string; reason: string | null };
}

let cachedDir: string | undefined;

/** The package's worker/ folder, found from src (jest) or dist (built package). */
export function workerDir(): string {
  if (cachedDir !== undefined) return cachedDir;
  for (const up of ['../worker', '../../worker', '../../../worker']) {
    const dir = join(__dirname, up);
    if (existsSync(join(dir, 'decode-core.cjs'))) {
      cachedDir = dir;
      return dir;
    }
  }
  throw new Error(`@medimg/dataset: worker/decode-core.cjs not found near ${__dirname}; the package is incomplete (reinstall it)`);
}

let core: DecodeCore | undefined;

export function loadDecodeCore(): DecodeCore {
  if (!core) core = createRequire(__filename)(join(workerDir(), 'decode-core.cjs')) as DecodeCore;
  return core;
}

/** Resolves 'auto' to sharp when it loads, else jimp; 'sharp' throws when sharp does not load. */
export function resolveDecoder(choice: DecoderChoice = 'auto'): DecoderName {
  return loadDecodeCore().resolveDecoder(choice);
}

/** Why `bytes` are not a complete JPEG or PNG (unrecognised signature, truncated, empty), or null when they are. */
export function checkImageContainer(bytes: Uint8Array): string | null {
  return loadDecodeCore().checkContainer(bytes);
}

/** Whether sharp loads here (and why not). */
export function sharpAvailable(): { ok: true } | { ok: false; error: string } {
  return loadDecodeCore().sharpStatus();
}
