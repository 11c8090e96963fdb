import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionChecker, silentLogger } from '@medimg/core';
import type { Job, Worker } from 'bullmq';
import { loadBullmq, waitConnected } from '../redis/load-bullmq';
import { QUEUES, QUEUE_PREFIX } from '../redis/queue-names';
import { connectionOptions, parseRedisUrl } from '../redis/redis-url';
import { watchLocks } from './lock-watchdog';
import { createPredictProcessor } from './predict-processor';
import { createTrialProcessor } from './trial-processor';
import type { RunningWorker, StartWorkerOptions } from './worker-types';

/**
 * A medimg worker: serves the `medimg-trials` queue (tune trials, each in a crash-isolated child process through
 * tune's local executor) and the `medimg-predict` queue (batch-predict chunks), until `close()`. Needs only the
 * images at the chief's path (or `dataDir`) and medimg installed; everything else comes through Redis.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const v = new OptionChecker('startWorker');
  v.string('url', options.url);
  if (options.concurrency !== undefined) v.int('concurrency', options.concurrency, 1, 256);
  if (options.dataDir !== undefined) v.string('dataDir', options.dataDir);
  if (options.workDir !== undefined) v.string('workDir', options.workDir);
  if (options.name !== undefined) v.check(/^[A-Za-z0-9._-]+$/.test(options.name), `name must be letters, digits, '.', '_' or '-'; got ${JSON.stringify(options.name)}`);
  if (options.sharedOut !== undefined) v.oneOf('sharedOut', options.sharedOut, ['auto', 'never']);
  if (options.lockDurationMs !== undefined) v.int('lockDurationMs', options.lockDurationMs, 100);
  if (options.stalledIntervalMs !== undefined) v.int('stalledIntervalMs', options.stalledIntervalMs, 100);
  if (options.maxStalledCount !== undefined) v.int('maxStalledCount', options.maxStalledCount, 0, 100);
  if (options.maxModelBytes !== undefined) v.int('maxModelBytes', options.maxModelBytes, 1);
  if (options.trialHeapMb !== undefined) v.int('trialHeapMb', options.trialHeapMb, 16);
  if (options.decodeWorkers !== undefined) v.int('decodeWorkers', options.decodeWorkers, 1, 256);
  if (options.queues !== undefined) for (const q of options.queues) v.oneOf('queues[]', q, ['trials', 'predict']);
  v.done();
  const address = parseRedisUrl(options.url, 'startWorker');
  const logger = options.logger ?? silentLogger;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const concurrency = options.concurrency ?? 1;
  const lockDuration = options.lockDurationMs ?? 30000;
  const workDir = options.workDir ?? join(tmpdir(), 'medimg-worker');
  const queues = options.queues ?? ['trials', 'predict'];
  const { Worker: WorkerClass } = await loadBullmq();
  const base = {
    connection: connectionOptions(address),
    prefix: QUEUE_PREFIX,
    name,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? 30000,
    maxStalledCount: options.maxStalledCount ?? 2,
    autorun: false,
  };

  const workers: Worker[] = [];
  let stopping = false;
  const killers: (() => Promise<void>)[] = [];
  const closers: (() => Promise<void>)[] = [];
  const serve = (queue: string, concurrencyOf: number, processFn: (job: Job, token: string | undefined, signal: AbortSignal | undefined) => Promise<unknown>): Worker => {
    // Three parameters: BullMQ then passes an abort signal (the watchdog and a forced close use it).
    const worker = new WorkerClass(
      queue,
      async (job: Job, token?: string, signal?: AbortSignal) => {
        if (job.id !== undefined) watchdog.track(job.id);
        try {
          return await processFn(job, token, signal);
        } catch (error) {
          // A forced stop kills running trials: handle it as a crash (the job's lock expires and another worker
          // runs it) rather than as a failed attempt.
          if (stopping) await new Promise<never>(() => undefined);
          throw error;
        } finally {
          if (job.id !== undefined) watchdog.untrack(job.id);
        }
      },
      { ...base, concurrency: concurrencyOf },
    );
    // Defined before run() starts the processor (autorun is off).
    const watchdog = watchLocks(worker, lockDuration, (id) => logger.warn(`worker ${name}: lost the lock of job ${id} (Redis unreachable?); stopped it, another worker runs it`));
    worker.on('error', (error) => logger.debug(`worker ${name} (${queue}): ${error.message}`));
    worker.on('stalled', (jobId) => logger.info(`worker ${name}: job ${jobId} had lost its worker; queued again`));
    closers.push(async () => watchdog.stop());
    workers.push(worker);
    return worker;
  };

  if (queues.includes('trials')) {
    const trials = createTrialProcessor({ name, concurrency, workDir, sharedOut: options.sharedOut ?? 'auto', maxModelBytes: options.maxModelBytes ?? 256 * 1024 * 1024, logger, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), ...(options.trialHeapMb === undefined ? {} : { trialHeapMb: options.trialHeapMb }) });
    serve(QUEUES.trials, concurrency, (job, token, signal) => trials.process(job, token, signal));
    closers.push(() => trials.close());
    killers.push(() => trials.close());
  }

  if (queues.includes('predict')) {
    const predict = createPredictProcessor({ name, decodeWorkers: options.decodeWorkers ?? Math.min(2, availableParallelism()), logger, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }) });
    serve(QUEUES.predict, 1, (job, token, signal) => predict.process(job, token, signal));
    closers.push(() => predict.close());
  }

  const timeout = options.connectTimeoutMs ?? 10000;
  await Promise.all(workers.map((w) => waitConnected(w, address, 'startWorker', timeout)));
  for (const w of workers) w.run().catch((error: unknown) => logger.error(`worker ${name}: ${error instanceof Error ? error.message : String(error)}`));
  logger.info(`worker ${name}: serving ${queues.join(' + ')} on ${address.display} (${concurrency} trial(s) at once; lock ${lockDuration} ms)`);

  const finish = async (force: boolean): Promise<void> => {
    await Promise.all(workers.map((w) => w.close(force)));
    for (const close of closers) await close();
  };
  let graceful: Promise<void> | undefined;
  let forced: Promise<void> | undefined;
  return {
    name,
    close({ force = false } = {}) {
      if (!force) return (graceful ??= finish(false));
      if (!forced) {
        stopping = true;
        forced = Promise.all(killers.map((kill) => kill())).then(() => finish(true));
      }
      return forced;
    },
  };
}
