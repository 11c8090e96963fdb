import { createHash } from 'node:crypto';
import type { SplitManifest } from './types';

/** SHA-256 (hex) of a file list: sorted, one path per line (`/` separators), newline-terminated. */
export function fileListDigest(files: readonly string[]): string {
  const sorted = files.map((f) => f.replace(/\\/g, '/')).sort();
  return createHash('sha256').update(sorted.map((f) => `${f}\n`).join('')).digest('hex');
}

export interface SplitManifestInput {
  seed: number;
  valSplit: number;
  grouping: 'patient' | 'file';
  stratified: boolean;
  trainCount: number;
  /** Validation image paths relative to the training folder. */
  validationFiles: readonly string[];
  /** Store the sorted list itself (default true; the digest is always stored). */
  keepFiles?: boolean;
}

/** The split manifest of a model card: settings, counts and the validation files' digest (and list). */
export function createSplitManifest(input: SplitManifestInput): SplitManifest {
  const files = input.validationFiles.map((f) => f.replace(/\\/g, '/')).sort();
  return {
    seed: input.seed,
    valSplit: input.valSplit,
    grouping: input.grouping,
    stratified: input.stratified,
    trainCount: input.trainCount,
    validation: { count: files.length, digest: fileListDigest(files), ...(input.keepFiles === false ? {} : { files }) },
  };
}

/**
 * Differences between the split a model card records and another one (seed, valSplit, grouping, validation digest),
 * each naming both values, e.g. `seed: the model card says 7, got 42`. Empty when they are the same split.
 */
export function splitMismatches(recorded: SplitManifest, other: Partial<Pick<SplitManifest, 'seed' | 'valSplit' | 'grouping'>> & { validationDigest?: string }): string[] {
  const out: string[] = [];
  if (other.seed !== undefined && other.seed !== recorded.seed) out.push(`seed: the model card says ${recorded.seed}, got ${other.seed}`);
  if (other.valSplit !== undefined && other.valSplit !== recorded.valSplit) out.push(`val-split: the model card says ${recorded.valSplit}, got ${other.valSplit}`);
  if (other.grouping !== undefined && other.grouping !== recorded.grouping) out.push(`grouping: the model card says ${recorded.grouping}, got ${other.grouping}`);
  if (other.validationDigest !== undefined && other.validationDigest !== recorded.validation.digest) {
    out.push(`validation files: the model card's digest is ${recorded.validation.digest.slice(0, 12)}..., this data gives ${other.validationDigest.slice(0, 12)}... (the dataset changed)`);
  }
  return out;
}
