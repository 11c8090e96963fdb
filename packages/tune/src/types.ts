import type { Logger } from '@medimg/core';

/** A value a hyperparameter can take. */
export type ParamValue = number | string | boolean;

/** One trial's hyperparameters, by name. */
export type Params = Record<string, ParamValue>;

/** A number drawn from `[min, max]`. */
export interface NumberParam {
  type: 'number';
  min: number;
  max: number;
  /** `log` samples (and spaces grid points) uniformly in log space; needs `min > 0`. Default 'linear'. */
  scale?: 'linear' | 'log';
  /** Round to an integer. Default false. */
  integer?: boolean;
  /** Points the `grid` strategy takes from the range, ends included. Default 3. */
  gridPoints?: number;
}

/** One of a fixed list of values. */
export interface ChoiceParam {
  type: 'choice';
  values: readonly ParamValue[];
}

export type ParamSpec = NumberParam | ChoiceParam;

/** Hyperparameters to search, by name. Key order is the grid order (last key varies fastest). */
export type SearchSpace = Record<string, ParamSpec>;

/** One unit of work: train `params` for `budget` epochs. */
export interface Trial {
  /** Readable and unique within a search: derived from params + budget, safe as a folder name. */
  id: string;
  /** Stable hash of params + budget: how a resumed search recognises a finished trial. */
  key: string;
  params: Params;
  /** Epochs. */
  budget: number;
  /** Successive-halving rung (0 = the shortest budget). */
  rung?: number;
}

/** One line of OUT/trials.jsonl. */
export interface TrialResult {
  id: string;
  key: string;
  params: Params;
  budget: number;
  rung?: number;
  status: 'ok' | 'failed';
  /** Validation metrics the runner returned (empty when the trial failed before reporting). */
  metrics: Record<string, number>;
  /** The objective metric's value; null when the trial failed. */
  objective: number | null;
  /** Why the trial failed. */
  error?: string;
  /** The trial's saved model, if the runner produced one. */
  modelDir?: string;
  /** Wall time of the trial's worker process. */
  seconds: number;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
}

/** What a trial's worker is given next to the trial. */
export interface TrialContext {
  /** The trial's own directory (OUT/trials/<id>), created before the trial starts. */
  outDir: string;
  /** Engine threads this trial may use (cores / parallel trials). Also exported as OMP_NUM_THREADS, MEDIMG_THREADS. */
  threads: number;
  /** Seed for this trial, derived from the search seed and the params (same params, same seed at every budget). */
  seed: number;
  /** The search's `runnerOptions`, passed through unchanged (JSON). */
  options: Record<string, unknown>;
  /** Aborted when the search is cancelled or the trial timed out. */
  signal: AbortSignal;
  /** Forwarded to the search's logger, tagged with the trial id. */
  logger: Logger;
  /** Reports a finished epoch (per-epoch progress; a distributed executor forwards it to the chief). */
  reportEpoch?: (progress: TrialEpochProgress) => void;
}

/** One finished epoch of a running trial. */
export interface TrialEpochProgress {
  /** 1-based. */
  epoch: number;
  /** The trial's budget. */
  epochs: number;
  /** That epoch's metrics (e.g. loss, val_auc); finite numbers only. */
  metrics: Record<string, number>;
}

/** What a runner returns: validation metrics, and where it saved the model (if it did). */
export interface TrialRunnerResult {
  metrics: Record<string, number>;
  modelDir?: string;
}

/** The function a worker calls for a trial. */
export type TrialRunnerFn = (trial: Trial, context: TrialContext) => Promise<TrialRunnerResult>;

/**
 * Which code a worker runs for a trial: `require(module)[exportName]`, a `TrialRunnerFn`.
 * `module` is an absolute path or a package name resolvable from the worker.
 */
export interface TrialRunner {
  module: string;
  exportName: string;
}

/** Everything an executor needs to run one trial, all JSON-serialisable except the signal. */
export interface TrialJob {
  trial: Trial;
  runner: TrialRunner;
  outDir: string;
  seed: number;
  options: Record<string, unknown>;
  /**
   * The store records this trial as failed and the search reruns it (`retryFailed`): an executor that remembers
   * outcomes (a queue) must run it again rather than hand back the remembered failure.
   */
  rerunFailed?: boolean;
}

/** How one trial ended, as the executor saw it. */
export type TrialOutcome =
  | { status: 'ok'; metrics: Record<string, number>; modelDir?: string; seconds: number; /** Metrics that were NaN/Infinity, e.g. `auc=NaN`. */ nonFinite?: string[] }
  | { status: 'failed'; error: string; metrics?: Record<string, number>; seconds: number };

/** Log records and progress from a running trial. */
export interface TrialEvents {
  logger: Logger;
  /** A finished epoch of the trial (where the runner reports it); `worker` names where it runs, if known. */
  onEpoch?: (progress: TrialEpochProgress & { worker?: string }) => void;
}

/**
 * Runs trials somewhere (local child processes now; a queue or cluster later). Never throws for a failed
 * trial: a crash, an error, a timeout or a kill is a `failed` outcome.
 */
export interface TrialExecutor {
  readonly name: string;
  /** How many trials may run at once. */
  readonly slots: number;
  /** Engine threads each trial gets; 0 when each worker decides (a queue's workers: their cores / concurrency). */
  readonly threadsPerTrial: number;
  run(job: TrialJob, events: TrialEvents, signal?: AbortSignal): Promise<TrialOutcome>;
  /** Stops every running trial. */
  close(): Promise<void>;
}

/** Which metric to optimise, and which way. */
export interface Objective {
  metric: string;
  direction: 'maximize' | 'minimize';
}

/** What a strategy is built from. */
export interface StrategyOptions {
  space: SearchSpace;
  /** Full training budget in epochs. */
  epochs: number;
  /** Configurations to try (random, halving). Undefined means the strategy's default. */
  trials?: number;
  seed: number;
  /** Strategy-specific settings (halving: `eta`, `minBudget`). */
  settings: Record<string, unknown>;
  /** Sorts results best first (objective, then lower compute); failed trials last. */
  rank: (results: readonly TrialResult[]) => TrialResult[];
}

/**
 * A search, round by round. `next` gets every result so far (including ones read back from the store)
 * and returns the next round of trials to run, or [] when the search is over. Must be deterministic given
 * its options and the results, so a resumed search asks for the same trials.
 */
export interface SearchStrategy {
  readonly name: string;
  next(results: readonly TrialResult[]): Trial[];
}

export type StrategyFactory = (options: StrategyOptions) => SearchStrategy;

/** A named search (space, strategy, budget). */
export interface TunePreset {
  description: string;
  strategy: string;
  space: SearchSpace;
  epochs: number;
}

/** Progress after each trial. */
export interface TuneProgress {
  /** Trials finished in this search, resumed ones included. */
  done: number;
  /** Trials known so far (grows as halving promotes). */
  planned: number;
  /** The trial was read from the store instead of run. */
  resumed: boolean;
}

/**
 * Options of `tune`. Defaults: strategy 'grid', epochs 5, metric 'auc', direction 'maximize',
 * parallel = core count, seed 0, retryFailed false, keepBest true, computeCost = budget / batchSize
 * (optimizer steps; budget alone when there is no `batchSize` param), logger silent.
 */
export interface TuneOptions {
  /** OUT: trials.jsonl, trials/<id>/, best/, summary.md, summary.json. Rerunning with the same OUT resumes. */
  outDir: string;
  space: SearchSpace;
  /** Code each trial runs in its worker. */
  runner: TrialRunner;
  /** JSON passed to every trial as `context.options` (data dir, image size, architecture...). */
  runnerOptions?: Record<string, unknown>;
  strategy?: string;
  /** Strategy-specific settings, e.g. `{ eta: 3, minBudget: 1 }` for halving. */
  strategySettings?: Record<string, unknown>;
  /** Full budget in epochs. */
  epochs?: number;
  /** Configurations for random / halving (default: random 10; halving the grid if the space is all choices, else 9). */
  trials?: number;
  metric?: string;
  direction?: 'maximize' | 'minimize';
  /** Trials at once (default: the core count). Ignored when `executor` is given. */
  parallel?: number;
  /** Where trials run. Default `localProcessExecutor({ parallel })`. */
  executor?: TrialExecutor;
  /** Kill a trial after this long. Default: no limit. Ignored when `executor` is given. */
  trialTimeoutMs?: number;
  /** V8 heap limit of each trial's worker in MB (a runaway trial then fails alone). Default: Node's. Ignored when `executor` is given. */
  trialHeapMb?: number;
  seed?: number;
  /** Rerun trials the store records as failed. */
  retryFailed?: boolean;
  /** Copy the best trial's model to OUT/best. */
  keepBest?: boolean;
  /** Compute of a trial, for tie-breaking (lower wins, then fewer seconds). */
  computeCost?: (trial: Pick<Trial, 'params' | 'budget'>) => number;
  logger?: Logger;
  onTrialStart?: (trial: Trial) => void;
  onTrialEnd?: (result: TrialResult, progress: TuneProgress) => void;
  /** A running trial finished an epoch (runners that report epochs, e.g. trainRunner). */
  onTrialEpoch?: (trial: Trial, progress: TrialEpochProgress & { worker?: string }) => void;
  signal?: AbortSignal;
  /** Milliseconds clock, injectable for tests. Default Date.now. */
  clock?: () => number;
}

/** What `tune` returns, and what OUT/summary.json holds. */
export interface TuneSummary {
  format: 'medimg-tune-summary@1';
  outDir: string;
  strategy: string;
  objective: Objective;
  epochs: number;
  parallel: number;
  threadsPerTrial: number;
  /** Every trial of this search, best first (ties: lower compute, then fewer seconds); failed trials last. */
  trials: TrialResult[];
  best: TrialResult | null;
  /** OUT/best when the best trial's model was copied there. */
  bestDir: string | null;
  counts: { total: number; ok: number; failed: number; resumed: number; ran: number };
  /** Wall time of this invocation of `tune`. */
  wallSeconds: number;
  /** Sum of every trial's seconds, resumed ones included (the search's total compute time). */
  trialSeconds: number;
  startedAt: string;
  finishedAt: string;
}
