import type { Logger } from '@medimg/core';

/**
 * Options of `startWorker`. Defaults: concurrency 1, name `<hostname>-<pid>`, workDir `<tmpdir>/medimg-worker`,
 * sharedOut 'auto', lockDurationMs 30000, stalledIntervalMs 30000, maxStalledCount 2, maxModelBytes 256 MiB,
 * queues both, connectTimeoutMs 10000, logger silent.
 */
export interface StartWorkerOptions {
  /** `redis://HOST:PORT[/DB]`, the same Redis the chief uses. */
  url: string;
  /** Trials run at once on this worker (each in its own child process, threads = cores / concurrency). */
  concurrency?: number;
  /** This machine's copy of the images: replaces the chief's data folder in trial options and predict jobs. */
  dataDir?: string;
  /** Where trials run when the chief's OUT folder is not visible here (`<workDir>/<search>/trials/<id>`). */
  workDir?: string;
  /** Shown as the job's `processedBy` and in progress. */
  name?: string;
  /**
   * 'auto': a trial writes straight into the chief's OUT/trials/<id> when that folder's parent exists here (same host
   * or a shared disk: a rerun after a crash then resumes from the trial's last epoch checkpoint), else into workDir
   * and the model is shipped back through Redis. 'never': always workDir + ship.
   */
  sharedOut?: 'auto' | 'never';
  /** How long a job's lock lives without renewal: after a worker dies, its trial runs elsewhere after about this. */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired (stalled) and puts them back in the queue. */
  stalledIntervalMs?: number;
  /** Times a job may lose its worker before it is failed. */
  maxStalledCount?: number;
  /** Largest model shipped back through Redis. */
  maxModelBytes?: number;
  /** V8 heap limit of each trial's child process in MB. Default: Node's. */
  trialHeapMb?: number;
  /** Decoding threads for predict chunks. Default min(2, cores). */
  decodeWorkers?: number;
  /** Which queues to serve. */
  queues?: readonly ('trials' | 'predict')[];
  connectTimeoutMs?: number;
  logger?: Logger;
}

/** A running worker. */
export interface RunningWorker {
  readonly name: string;
  /** Stops taking jobs. `force`: kill running trials now (their jobs run again elsewhere); else let them finish. */
  close(options?: { force?: boolean }): Promise<void>;
}
