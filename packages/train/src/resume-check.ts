import { ValidationError, type SplitManifest } from '@medimg/core';
import type { CheckpointState } from './checkpoint';

/** What a resumed run must share with the checkpoint it continues. */
export interface RunSettings {
  architecture: string;
  seed: number;
  batchSize: number;
  split?: SplitManifest;
}

/** The settings recorded in a checkpoint (older checkpoints have no split). */
export function checkpointSettings(state: CheckpointState): RunSettings {
  return { architecture: state.architecture, seed: state.seed, batchSize: state.batchSize, ...(state.split !== undefined ? { split: state.split } : {}) };
}

/**
 * Refuses to resume with other settings than the checkpoint's: architecture, seed, batch size, validation split and
 * its files (another split would leak validation images into training). One ValidationError names every pair.
 */
export function checkResumeSettings(outDir: string, saved: RunSettings, asked: RunSettings): void {
  const problems: string[] = [];
  const flag = (name: string, was: unknown, now: unknown, fix: string): void => {
    if (was !== now) problems.push(`${name}: the checkpoint in ${outDir} was trained with ${String(was)}, this run asks for ${String(now)}. Fix: resume with ${fix}, or start a new run in an empty --out`);
  };
  flag('architecture', saved.architecture, asked.architecture, `--model ${saved.architecture}`);
  flag('seed', saved.seed, asked.seed, `--seed ${saved.seed}`);
  flag('batch size', saved.batchSize, asked.batchSize, `--batch-size ${saved.batchSize}`);
  if (saved.split !== undefined && asked.split !== undefined) {
    flag('split seed', saved.split.seed, asked.split.seed, `--split-seed ${saved.split.seed}`);
    flag('val-split', saved.split.valSplit, asked.split.valSplit, `--val-split ${saved.split.valSplit}`);
    flag('split grouping', saved.split.grouping, asked.split.grouping, `grouping '${saved.split.grouping}'`);
    if (problems.length === 0 && saved.split.validation.digest !== asked.split.validation.digest) {
      problems.push(
        `validation files: the checkpoint in ${outDir} was validated on ${saved.split.validation.count} files (digest ${saved.split.validation.digest.slice(0, 12)}...), this data gives ${asked.split.validation.count} (digest ${asked.split.validation.digest.slice(0, 12)}...). Fix: resume on the same data folder, or start a new run in an empty --out`,
      );
    }
  }
  if (problems.length > 0) throw new ValidationError('train --resume', problems);
}
