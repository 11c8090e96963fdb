import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hashSeed, OptionChecker, silentLogger, writeFileAtomic, type Logger } from '@medimg/core';
import { createRanker, defaultComputeCost, objectiveValue } from './objective';
import { localProcessExecutor } from './executor/local-process-executor';
import { getStrategy, listStrategies } from './strategies/registry';
import { searchSpaceProblems } from './space/search-space';
import { canonicalParams } from './space/trial-key';
import { appendTrialResult, latestByKey, readTrialStore, repairTrialStore } from './store/trial-store';
import { formatSummaryMarkdown } from './summary/format-summary';
import { keepBest } from './summary/keep-best';
import { runPool } from './run-pool';
import type { Objective, Trial, TrialOutcome, TrialResult, TuneOptions, TuneSummary } from './types';

/** File names inside OUT. */
export const TUNE_FILES = { store: 'trials.jsonl', trials: 'trials', best: 'best', summaryJson: 'summary.json', summaryMd: 'summary.md' } as const;

function validate(options: TuneOptions): void {
  const v = new OptionChecker('tune');
  v.string('outDir', options.outDir);
  if (typeof options.space !== 'object' || options.space === null) v.check(false, 'space must be a search space object');
  else for (const problem of searchSpaceProblems(options.space)) v.check(false, problem);
  v.check(
    typeof options.runner === 'object' && options.runner !== null && typeof options.runner.module === 'string' && typeof options.runner.exportName === 'string',
    `runner must be { module: string, exportName: string }; got ${JSON.stringify(options.runner)}`,
  );
  if (options.strategy !== undefined) v.oneOf('strategy', options.strategy, listStrategies());
  if (options.epochs !== undefined) v.int('epochs', options.epochs, 1);
  if (options.trials !== undefined) v.int('trials', options.trials, 1);
  if (options.metric !== undefined) v.string('metric', options.metric);
  if (options.direction !== undefined) v.oneOf('direction', options.direction, ['maximize', 'minimize']);
  if (options.parallel !== undefined) v.int('parallel', options.parallel, 1, 1024);
  if (options.seed !== undefined) v.int('seed', options.seed, 0);
  if (options.trialTimeoutMs !== undefined) v.number('trialTimeoutMs', options.trialTimeoutMs, 1);
  if (options.trialHeapMb !== undefined) v.int('trialHeapMb', options.trialHeapMb, 16);
  if (options.runnerOptions !== undefined) {
    let json = false;
    try {
      json = JSON.stringify(options.runnerOptions) !== undefined;
    } catch {
      json = false;
    }
    v.check(json, 'runnerOptions must be JSON-serialisable (it is sent to worker processes)');
  }
  v.done();
}

/** Trial log records go to the search logger with info downgraded to debug (parallel trials would flood it). */
function trialLogger(logger: Logger): Logger {
  return { debug: logger.debug, info: logger.debug, warn: logger.warn, error: logger.error };
}

function toResult(trial: Trial, outcome: TrialOutcome, objective: Objective, startedAt: number, finishedAt: number): TrialResult {
  const base = { id: trial.id, key: trial.key, params: trial.params, budget: trial.budget, ...(trial.rung === undefined ? {} : { rung: trial.rung }) };
  const times = { seconds: outcome.seconds, startedAt: new Date(startedAt).toISOString(), finishedAt: new Date(finishedAt).toISOString() };
  if (outcome.status === 'failed') return { ...base, status: 'failed', metrics: outcome.metrics ?? {}, objective: null, error: outcome.error, ...times };
  const nonFinite = outcome.nonFinite?.find((entry) => entry.startsWith(`${objective.metric}=`));
  const value = nonFinite ? `metric ${nonFinite} (not a finite number)` : objectiveValue(outcome.metrics, objective.metric);
  const model = outcome.modelDir === undefined ? {} : { modelDir: outcome.modelDir };
  if (typeof value === 'string') return { ...base, status: 'failed', metrics: outcome.metrics, objective: null, error: value, ...model, ...times };
  return { ...base, status: 'ok', metrics: outcome.metrics, objective: value, ...model, ...times };
}

/** A stored result re-scored with this search's objective (a rerun may optimise another metric). */
function rescore(result: TrialResult, objective: Objective): TrialResult {
  if (result.status !== 'ok') return result;
  const value = objectiveValue(result.metrics, objective.metric);
  return typeof value === 'string' ? { ...result, objective: null, error: value } : { ...result, objective: value };
}

function describeParams(trial: Pick<Trial, 'params' | 'budget'>): string {
  return `${Object.entries(trial.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')} epochs=${trial.budget}`;
}

/**
 * Runs a hyperparameter search: the strategy proposes trials round by round, each trial runs in its own worker
 * process, every finished trial is appended (fsync'ed) to OUT/trials.jsonl. Rerunning with the same OUT resumes:
 * trials already in the store (same params + budget) are not run again. Writes OUT/summary.{json,md} and OUT/best.
 * A failed trial never stops the search.
 */
export async function tune(options: TuneOptions): Promise<TuneSummary> {
  validate(options);
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const logger = options.logger ?? silentLogger;
  const objective: Objective = { metric: options.metric ?? 'auc', direction: options.direction ?? 'maximize' };
  const strategyName = options.strategy ?? 'grid';
  const epochs = options.epochs ?? 5;
  const seed = options.seed ?? 0;
  const rank = createRanker(objective, options.computeCost ?? defaultComputeCost);
  const strategy = getStrategy(strategyName)({
    space: options.space,
    epochs,
    ...(options.trials === undefined ? {} : { trials: options.trials }),
    seed,
    settings: options.strategySettings ?? {},
    rank,
  });

  const outDir = options.outDir;
  const storePath = join(outDir, TUNE_FILES.store);
  await mkdir(join(outDir, TUNE_FILES.trials), { recursive: true });
  const cut = await repairTrialStore(storePath);
  if (cut > 0) logger.warn(`tune: cut a torn last line (${cut} bytes) from ${storePath}; that trial will run again`);
  const store = await readTrialStore(storePath);
  for (const s of store.skipped) logger.warn(`tune: ${storePath} line ${s.line} skipped: ${s.reason}`);
  const stored = latestByKey(store.results);

  const ownExecutor = options.executor === undefined;
  const executor =
    options.executor ??
    localProcessExecutor({
      parallel: options.parallel ?? availableParallelism(),
      ...(options.trialTimeoutMs === undefined ? {} : { trialTimeoutMs: options.trialTimeoutMs }),
      ...(options.trialHeapMb === undefined ? {} : { maxOldSpaceMb: options.trialHeapMb }),
    });
  logger.info(`tune: ${strategyName} search, ${objective.direction} ${objective.metric}, ${executor.slots} trial(s) at once x ${executor.threadsPerTrial} thread(s), out ${outDir}`);

  const results: TrialResult[] = [];
  const seen = new Set<string>();
  let planned = 0;
  let resumed = 0;
  let ran = 0;
  const finish = (result: TrialResult, wasResumed: boolean): void => {
    results.push(result);
    const total = results.length;
    const score = result.status === 'ok' ? `${objective.metric}=${result.objective ?? 'n/a'}` : `FAILED: ${(result.error ?? '').split('\n')[0]}`;
    logger.info(`tune: trial ${total}/${planned} ${result.id} ${wasResumed ? '(resumed from store) ' : ''}${describeParams(result)} -> ${score} (${result.seconds.toFixed(1)} s)`);
    options.onTrialEnd?.(result, { done: total, planned, resumed: wasResumed });
  };

  try {
    for (let round = strategy.next(results); round.length > 0 && !options.signal?.aborted; round = strategy.next(results)) {
      const fresh = round.filter((t) => !seen.has(t.key));
      for (const t of fresh) seen.add(t.key);
      planned += fresh.length;
      const toRun: Trial[] = [];
      for (const trial of fresh) {
        const previous = stored.get(trial.key);
        if (previous && (previous.status === 'ok' || !options.retryFailed)) {
          resumed++;
          finish(rescore({ ...previous, ...(trial.rung === undefined ? {} : { rung: trial.rung }) }, objective), true);
        } else toRun.push(trial);
      }
      await runPool(toRun, executor.slots, async (trial) => {
        if (options.signal?.aborted) return;
        options.onTrialStart?.(trial);
        logger.debug(`tune: start ${trial.id} ${describeParams(trial)}`);
        const began = clock();
        let outcome: TrialOutcome;
        try {
          outcome = await executor.run(
            {
              trial,
              runner: options.runner,
              outDir: join(outDir, TUNE_FILES.trials, trial.id),
              seed: hashSeed(`${seed}|${canonicalParams(trial.params)}`),
              options: options.runnerOptions ?? {},
              ...(stored.get(trial.key)?.status === 'failed' ? { rerunFailed: true } : {}),
            },
            { logger: trialLogger(logger), onEpoch: (progress) => options.onTrialEpoch?.(trial, progress) },
            options.signal,
          );
        } catch (error) {
          outcome = { status: 'failed', error: `executor ${executor.name} failed: ${error instanceof Error ? error.message : String(error)}`, seconds: (clock() - began) / 1000 };
        }
        if (options.signal?.aborted) return; // cancelled, not finished: a resumed search runs it again
        const result = toResult(trial, outcome, objective, began, clock());
        await appendTrialResult(storePath, result);
        ran++;
        finish(result, false);
      });
    }
  } finally {
    if (ownExecutor) await executor.close();
  }

  const sorted = rank(results);
  const best = sorted[0]?.status === 'ok' && sorted[0].objective !== null ? sorted[0] : null;
  const keep = options.keepBest ?? true;
  const bestDir = best && keep ? await keepBest(outDir, best) : null;
  const finishedAt = clock();
  const summary: TuneSummary = {
    format: 'medimg-tune-summary@1',
    outDir,
    strategy: strategyName,
    objective,
    epochs,
    parallel: executor.slots,
    threadsPerTrial: executor.threadsPerTrial,
    trials: sorted,
    best,
    bestDir,
    counts: { total: sorted.length, ok: sorted.filter((r) => r.status === 'ok').length, failed: sorted.filter((r) => r.status === 'failed').length, resumed, ran },
    wallSeconds: (finishedAt - startedAt) / 1000,
    trialSeconds: sorted.reduce((sum, r) => sum + r.seconds, 0),
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
  };
  await writeFileAtomic(join(outDir, TUNE_FILES.summaryJson), JSON.stringify(summary, null, 2) + '\n');
  await writeFileAtomic(join(outDir, TUNE_FILES.summaryMd), formatSummaryMarkdown(summary));
  logger.info(
    best ? `tune: best ${best.id} ${describeParams(best)} ${objective.metric}=${best.objective} (${summary.counts.ok}/${summary.counts.total} ok)` : `tune: no trial succeeded (${summary.counts.failed} failed)`,
  );
  return summary;
}
