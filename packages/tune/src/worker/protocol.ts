import type { Trial, TrialEpochProgress, TrialRunner } from '../types';

/** Parent -> worker: run this trial. */
export interface RunMessage {
  type: 'run';
  trial: Trial;
  runner: TrialRunner;
  outDir: string;
  threads: number;
  seed: number;
  options: Record<string, unknown>;
}

/** Parent -> worker: stop (the search was cancelled or the trial timed out). */
export interface AbortMessage {
  type: 'abort';
  reason: string;
}

export type ParentMessage = RunMessage | AbortMessage;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type WorkerMessage =
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> }
  /** `metrics` holds the finite values; `nonFinite` names the others (`auc=NaN`), which JSON cannot carry. */
  | { type: 'result'; metrics: Record<string, number>; nonFinite: string[]; modelDir?: string }
  | { type: 'error'; error: string }
  | { type: 'epoch'; progress: TrialEpochProgress };

/** Environment variables that size a trial's engine threads. */
export function threadEnv(threads: number): Record<string, string> {
  const n = String(threads);
  return {
    MEDIMG_THREADS: n,
    OMP_NUM_THREADS: n,
    TF_NUM_INTRAOP_THREADS: n,
    TF_NUM_INTEROP_THREADS: '1',
    MKL_NUM_THREADS: n,
  };
}
