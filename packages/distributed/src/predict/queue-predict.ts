import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { MedimgError, type Logger } from '@medimg/core';
import { openQueue } from '../redis/open-queue';
import { QUEUES } from '../redis/queue-names';
import { parseRedisUrl } from '../redis/redis-url';
import type { PredictChunkData, PredictChunkResult } from './chunk-job-data';
import { chunked, walkImages } from './list-images';
import type { createProgressMeter } from './progress-meter';
import { openResultsWriter } from './results-file';
import type { BatchPredictOptions, BatchPredictSummary } from './types';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The chief of a sharded batch predict: walks the folder in chunks of `chunkSize` (by position, so a rerun makes
 * the same chunks), queues each chunk's unfinished files as a job (id = run + chunk + hash of its files: a rerun finds
 * a chunk that finished while the chief was down), keeps `maxInFlight` jobs outstanding, and appends each finished
 * chunk's lines to the results file, skipping any file that already has a line.
 */
export async function queuePredict(options: BatchPredictOptions & { queue: string }, done: Set<string>, meter: ReturnType<typeof createProgressMeter>, logger: Logger): Promise<BatchPredictSummary> {
  const address = parseRedisUrl(options.queue, 'batchPredict');
  const q = await openQueue(address, QUEUES.predict, 'batchPredict', { timeoutMs: 10000, pollMs: 3000, logger });
  const run = sha(JSON.stringify([resolve(options.dataDir), resolve(options.model), resolve(options.out)])).slice(0, 16);
  const chunkSize = options.chunkSize ?? 256;
  const maxInFlight = options.maxInFlight ?? 8;
  const attempts = options.attempts ?? 2;
  const resumed = meter.done;
  const writer = await openResultsWriter(options.out);
  const inFlight = new Set<Promise<void>>();
  const workers = new Set<string>();
  const engines = new Set<string>();
  let failure: Error | undefined;
  logger.info(`batchPredict: sharding across medimg workers on ${address.display} (chunks of ${chunkSize} files, run ${run})`);

  const collect = async (id: string, files: readonly string[]): Promise<void> => {
    const job = await q.waiter.wait(id, options.signal === undefined ? {} : { signal: options.signal });
    if (job === 'aborted') return;
    if (job === 'vanished') {
      failure ??= new MedimgError('E_PREDICT_CHUNK', `Error in batchPredict: chunk job ${id} disappeared from Redis. Fix: rerun the same command (finished files are kept).`);
      return;
    }
    if ((await job.getState()) === 'failed') {
      failure ??= new MedimgError(
        'E_PREDICT_CHUNK',
        `Error in batchPredict: chunk job ${id} (${files.length} files from ${files[0]}) failed after ${job.attemptsMade} attempt(s) on ${job.processedBy ?? 'a worker'}: ${job.failedReason}. Fix: see that worker's log (is the model at ${options.model} and the data there?); rerun the same command to resume.`,
      );
      return;
    }
    const result = job.returnvalue as PredictChunkResult | undefined;
    if (result?.format !== 'medimg-predict-result@1') {
      failure ??= new MedimgError('E_PREDICT_CHUNK', `Error in batchPredict: chunk job ${id} completed without predictions (got ${JSON.stringify(result)?.slice(0, 200)}). Fix: use the same medimg version on the chief and the workers.`);
      return;
    }
    const wanted = new Set(files);
    const fresh = result.lines.filter((l) => wanted.has(l.file) && !done.has(l.file));
    for (const l of fresh) done.add(l.file);
    await writer.write(fresh);
    workers.add(result.worker);
    engines.add(result.engine);
    const progress = meter.add(fresh.length, fresh.filter((l) => l.error !== undefined).length);
    options.onProgress?.(progress);
    await job.remove().catch(() => undefined); // its lines are in the results file now
  };

  try {
    let index = 0;
    for await (const chunk of chunked(walkImages(options.dataDir), chunkSize)) {
      const i = index++;
      if (failure !== undefined || options.signal?.aborted) break;
      const files = chunk.filter((f) => !done.has(f));
      if (files.length === 0) continue;
      const id = `${run}.${i}.${sha(files.join('\n')).slice(0, 8)}`;
      const existing = await q.JobClass.fromId(q.queue, id);
      if (existing) {
        if ((await existing.getState()) === 'failed') await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else {
        const data: PredictChunkData = {
          format: 'medimg-predict-chunk@1',
          run,
          model: resolve(options.model),
          dataDir: resolve(options.dataDir),
          files,
          batchSize: options.batchSize ?? 32,
          ...(options.engine === undefined ? {} : { engine: options.engine }),
          ...(options.threads === undefined ? {} : { threads: options.threads }),
        };
        await q.queue.add('chunk', data, { jobId: id, attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: 86400 }, removeOnFail: { age: 86400 } });
      }
      const pending: Promise<void> = collect(id, files).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await writer.close();
    await q.close();
  }
  if (failure !== undefined) throw failure;
  const seconds = meter.seconds();
  return {
    out: options.out,
    total: meter.total,
    resumed,
    predicted: meter.done - resumed,
    failed: meter.failed,
    seconds,
    imagesPerSecond: (meter.done - resumed) / Math.max(seconds, 1e-9),
    ...(engines.size === 0 ? {} : { engine: [...engines].join(', ') }),
    workers: [...workers].sort(),
    cancelled: meter.done < meter.total,
  };
}
