import type { Trial, TrialRunner } from '@medimg/tune';

/** What a trial job carries (BullMQ job data, JSON). */
export interface TrialJobData {
  format: 'medimg-trial-job@1';
  /** Names the search (stable for the same command), so equal params in two searches are two jobs. */
  search: string;
  trial: Trial;
  runner: TrialRunner;
  /** The trial folder on the chief (OUT/trials/<id>); a worker that sees OUT/trials on its disk writes there. */
  outDir: string;
  seed: number;
  options: Record<string, unknown>;
}

/** One file of a trial's model, shipped back to the chief in the job's return value. */
export interface ShippedFile {
  /** Relative to the model folder, `/`-separated. */
  path: string;
  base64: string;
}

/** A trial job's return value: the local executor's `ok` outcome, plus the model when the chief cannot see it. */
export interface TrialJobResult {
  format: 'medimg-trial-result@1';
  metrics: Record<string, number>;
  nonFinite?: string[];
  seconds: number;
  /** The model folder relative to the trial folder (e.g. `train/best`). */
  modelPath?: string;
  /** The model's files when the worker wrote them outside the chief's OUT (another host, or OUT not visible). */
  modelFiles?: ShippedFile[];
  worker: string;
}

/** Per-epoch progress a worker reports on a trial job. */
export interface TrialJobProgress {
  epoch: number;
  epochs: number;
  metrics: Record<string, number>;
  worker: string;
}

/** The job id of a trial: `<search>.<trial key>` (BullMQ ids cannot contain ':'). */
export function trialJobId(search: string, trialKey: string): string {
  return `${search}.${trialKey}`;
}
