import { availableParallelism } from 'node:os';
import { OptionChecker, silentLogger } from '@medimg/core';
import { parseRedisUrl } from '../redis/redis-url';
import { chunked, countImages, walkImages } from './list-images';
import { loadBatchModel } from './load-model';
import { createProgressMeter } from './progress-meter';
import { predictFiles } from './predict-files';
import { openResultsWriter, readFinished } from './results-file';
import type { BatchPredictOptions, BatchPredictSummary } from './types';

function validate(o: BatchPredictOptions): void {
  const v = new OptionChecker('batchPredict');
  v.string('model', o.model);
  v.string('dataDir', o.dataDir);
  v.string('out', o.out);
  if (o.queue !== undefined) v.string('queue', o.queue);
  if (o.threads !== undefined) v.int('threads', o.threads, 1, 1024);
  if (o.batchSize !== undefined) v.int('batchSize', o.batchSize, 1, 4096);
  if (o.decodeWorkers !== undefined) v.int('decodeWorkers', o.decodeWorkers, 1, 256);
  if (o.chunkSize !== undefined) v.int('chunkSize', o.chunkSize, 1, 1000000);
  if (o.maxInFlight !== undefined) v.int('maxInFlight', o.maxInFlight, 1, 10000);
  if (o.attempts !== undefined) v.int('attempts', o.attempts, 1, 100);
  v.done();
  if (o.queue !== undefined) parseRedisUrl(o.queue, 'batchPredict');
}

/**
 * Predicts every image under `dataDir` into `out` (JSON Lines, one line per image: file, probabilities by class,
 * decision at the model card's threshold; unreadable images as `error` lines). Streams the folder (memory: a few
 * batches of pixels plus the set of finished names), resumes a killed run from the lines already in `out` (a torn
 * last line is cut), and with `queue` shards the files across `medimg worker`s in chunk jobs, each file once in `out`.
 */
export async function batchPredict(options: BatchPredictOptions): Promise<BatchPredictSummary> {
  validate(options);
  const logger = options.logger ?? silentLogger;
  const finished = await readFinished(options.out);
  if (finished.cut > 0) logger.warn(`batchPredict: cut a torn last line (${finished.cut} bytes) from ${options.out}; that image is predicted again`);
  if (finished.invalid.length > 0) logger.warn(`batchPredict: ${options.out} lines ${finished.invalid.slice(0, 5).join(', ')}${finished.invalid.length > 5 ? ' ...' : ''} are not results; skipped`);
  const total = await countImages(options.dataDir);
  const resumed = finished.done.size;
  logger.info(`batchPredict: ${total} image(s) under ${options.dataDir}; ${resumed} already in ${options.out}`);
  const meter = createProgressMeter(total, resumed, finished.failed);
  if (options.queue !== undefined) {
    const { queuePredict } = await import('./queue-predict');
    return queuePredict({ ...options, queue: options.queue }, finished.done, meter, logger);
  }
  const decodeWorkers = options.decodeWorkers ?? Math.min(2, availableParallelism());
  const { predictor, pool } = await loadBatchModel(options.model, { decodeWorkers, logger, ...(options.engine === undefined ? {} : { engine: options.engine }), ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const writer = await openResultsWriter(options.out);
  const batchSize = options.batchSize ?? 32;
  try {
    const todo = (async function* () {
      for await (const file of walkImages(options.dataDir)) if (!finished.done.has(file)) yield file;
    })();
    // Chunks of 16 batches: the walk stays ahead of the decoder without holding the whole list.
    for await (const files of chunked(todo, batchSize * 16)) {
      if (options.signal?.aborted) break;
      await predictFiles(
        predictor,
        pool,
        options.dataDir,
        files,
        batchSize,
        async (lines) => {
          await writer.write(lines);
          const progress = meter.add(lines.length, lines.filter((l) => l.error !== undefined).length);
          options.onProgress?.(progress);
        },
        options.signal,
      );
    }
  } finally {
    await writer.close();
    await pool.close();
    await predictor.dispose();
  }
  const seconds = meter.seconds();
  return {
    out: options.out,
    total,
    resumed,
    predicted: meter.done - resumed,
    failed: meter.failed,
    seconds,
    imagesPerSecond: (meter.done - resumed) / Math.max(seconds, 1e-9),
    engine: predictor.engine,
    cancelled: meter.done < total,
  };
}
