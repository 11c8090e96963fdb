import { join } from 'node:path';
import { OptionChecker, silentLogger, type Logger } from '@medimg/core';
import type { TrialEvents, TrialExecutor, TrialJob, TrialOutcome } from '@medimg/tune';
import type { Job } from 'bullmq';
import { openQueue, type OpenQueue } from '../redis/open-queue';
import { QUEUES } from '../redis/queue-names';
import { parseRedisUrl } from '../redis/redis-url';
import { unpackModelDir } from './model-files';
import { searchIdOf } from './search-id';
import { trialJobId, type TrialJobData, type TrialJobProgress, type TrialJobResult } from './trial-job-data';

/**
 * Options of `redisExecutor`. Defaults: maxInFlight 256, attempts 2, search = searchIdOf(the job) (OUT + runner +
 * runner options), connectTimeoutMs 10000, pollMs 3000, keepSeconds 7 days, logger silent.
 */
export interface RedisExecutorOptions {
  /** `redis://HOST:PORT[/DB]` of the Redis the workers (`medimg worker --redis ...`) serve. */
  url: string;
  /** Trials queued at once; workers take them as they have room. */
  maxInFlight?: number;
  /** Runs of a failing trial before it is recorded as failed (1 = no retry). A killed worker's run does not count. */
  attempts?: number;
  /** Names the search's jobs (job id `<search>.<trial key>`). */
  search?: string;
  /** Give up connecting to Redis after this long. */
  connectTimeoutMs?: number;
  /** Also poll each queued trial's state this often (events are the fast path; the poll covers a dropped link). */
  pollMs?: number;
  /** Finished jobs stay in Redis this long, so a chief rerun after a kill reuses their results. */
  keepSeconds?: number;
  /** Chief-side messages (jobs found from an earlier run, retries). */
  logger?: Logger;
}

/** The redis executor: a TrialExecutor plus `ready()`, which connects (or throws a clear error) before any trial is queued. */
export interface RedisTrialExecutor extends TrialExecutor {
  /** Connects to Redis; throws E_REDIS_UNREACHABLE after connectTimeoutMs. Call it before `tune` so a wrong URL fails fast. */
  ready(): Promise<void>;
}

/**
 * A tune executor on BullMQ: each trial becomes a job in the `medimg-trials` queue (job id = search + the trial's
 * params hash, so a trial is never queued twice), `medimg worker`s anywhere run them in crash-isolated child
 * processes and send back metrics, per-epoch progress and the model. The chief (the process running `tune`) keeps
 * the search state and the append-only store, exactly as with the local executor.
 *
 * Faults: a worker that dies mid-trial stops renewing the job lock; when it expires another worker runs the trial
 * (up to BullMQ's stalled limit, set by the workers). A trial that fails is retried up to `attempts`, then recorded
 * as failed. A chief killed and rerun with the same command finds its jobs (waiting, running or finished) by id.
 */
export function redisExecutor(options: RedisExecutorOptions): RedisTrialExecutor {
  const v = new OptionChecker('redisExecutor');
  v.string('url', options.url);
  if (options.maxInFlight !== undefined) v.int('maxInFlight', options.maxInFlight, 1, 100000);
  if (options.attempts !== undefined) v.int('attempts', options.attempts, 1, 100);
  if (options.search !== undefined) v.check(/^[A-Za-z0-9_-]+$/.test(options.search), `search must be letters, digits, _ or -; got ${JSON.stringify(options.search)}`);
  if (options.connectTimeoutMs !== undefined) v.number('connectTimeoutMs', options.connectTimeoutMs, 1);
  if (options.pollMs !== undefined) v.number('pollMs', options.pollMs, 10);
  if (options.keepSeconds !== undefined) v.int('keepSeconds', options.keepSeconds, 1);
  v.done();
  const address = parseRedisUrl(options.url, 'redisExecutor');
  const logger = options.logger ?? silentLogger;
  const attempts = options.attempts ?? 2;
  const keep = options.keepSeconds ?? 7 * 24 * 3600;
  const pollMs = options.pollMs ?? 3000;
  let connection: Promise<OpenQueue> | undefined;
  let closed = false;

  const connect = (): Promise<OpenQueue> =>
    (connection ??= openQueue(address, QUEUES.trials, 'redisExecutor', { timeoutMs: options.connectTimeoutMs ?? 10000, pollMs, logger }));

  async function outcomeOf(job: Job, trialJob: TrialJob): Promise<TrialOutcome> {
    const state = await job.getState();
    const seconds = job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
    if (state === 'failed') {
      const where = job.processedBy ? `; last run on worker ${job.processedBy}` : '';
      return { status: 'failed', error: `${job.failedReason || 'failed'} (after ${job.attemptsMade} attempt(s)${where})`, seconds };
    }
    const result = job.returnvalue as TrialJobResult | undefined;
    if (result?.format !== 'medimg-trial-result@1') return { status: 'failed', error: `job ${job.id} completed without a trial result (got ${JSON.stringify(result)?.slice(0, 200)})`, seconds };
    let modelDir: string | undefined;
    if (result.modelPath !== undefined) {
      modelDir = join(trialJob.outDir, ...result.modelPath.split('/'));
      if (result.modelFiles !== undefined) await unpackModelDir(modelDir, result.modelFiles);
    }
    logger.debug(`redis executor: ${trialJob.trial.id} finished on worker ${result.worker} in ${result.seconds.toFixed(1)} s`);
    return { status: 'ok', metrics: result.metrics, seconds: result.seconds, ...(result.nonFinite === undefined ? {} : { nonFinite: result.nonFinite }), ...(modelDir === undefined ? {} : { modelDir }) };
  }

  async function run(trialJob: TrialJob, trialEvents: TrialEvents, signal?: AbortSignal): Promise<TrialOutcome> {
    const { queue, JobClass, waiter } = await connect();
    const search = options.search ?? searchIdOf(trialJob);
    const id = trialJobId(search, trialJob.trial.key);
    const existing = await JobClass.fromId(queue, id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed' && trialJob.rerunFailed) {
        logger.info(`redis executor: retrying failed job ${id} (${trialJob.trial.id})`);
        await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else {
        logger.info(`redis executor: job ${id} (${trialJob.trial.id}) is already ${state} from an earlier run of this search; using it`);
      }
    } else {
      const data: TrialJobData = { format: 'medimg-trial-job@1', search, trial: trialJob.trial, runner: trialJob.runner, outDir: trialJob.outDir, seed: trialJob.seed, options: trialJob.options };
      await queue.add('trial', data, { jobId: id, attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: keep }, removeOnFail: { age: keep } });
    }

    const finished = await waiter.wait(id, {
      ...(signal === undefined ? {} : { signal }),
      onProgress: (data) => {
        if (typeof data === 'object' && data !== null) trialEvents.onEpoch?.(data as TrialJobProgress);
      },
    });
    if (finished === 'aborted') return { status: 'failed', error: 'search cancelled (the job stays queued; rerun the search to collect it)', seconds: 0 };
    if (finished === 'vanished') return { status: 'failed', error: `job ${id} disappeared from Redis (removed or the server restarted without persistence); rerun the search to queue it again`, seconds: 0 };
    return outcomeOf(finished, trialJob);
  }

  return {
    name: 'redis',
    slots: options.maxInFlight ?? 256,
    threadsPerTrial: 0,
    run,
    async ready() {
      await connect();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!connection) return;
      await (await connection.catch(() => undefined))?.close();
    },
  };
}
