import type { Logger, Predictor } from '@medimg/core';
import type { DecodePool } from '@medimg/dataset';
import type { Job } from 'bullmq';
import type { PredictChunkData, PredictChunkResult } from '../predict/chunk-job-data';
import { loadBatchModel } from '../predict/load-model';
import { predictFiles } from '../predict/predict-files';
import type { PredictionLine } from '../predict/types';

export interface PredictProcessorOptions {
  name: string;
  dataDir?: string;
  decodeWorkers: number;
  logger: Logger;
}

/**
 * Runs batch-predict chunk jobs: loads the job's model once (kept while jobs name the same model), decodes with the
 * card's preprocessing, returns one line per file and reports progress per batch.
 */
export function createPredictProcessor(o: PredictProcessorOptions) {
  let loaded: { key: string; predictor: Predictor; pool: DecodePool } | undefined;
  let loading: Promise<{ key: string; predictor: Predictor; pool: DecodePool }> | undefined;
  const release = async (): Promise<void> => {
    const old = loaded;
    loaded = undefined;
    if (old) {
      await old.pool.close();
      await old.predictor.dispose();
    }
  };
  const modelFor = async (data: PredictChunkData) => {
    const key = JSON.stringify([data.model, data.engine, data.threads]);
    if (loaded?.key === key) return loaded;
    await loading?.catch(() => undefined);
    if (loaded?.key === key) return loaded;
    await release();
    loading = loadBatchModel(data.model, { decodeWorkers: o.decodeWorkers, logger: o.logger, ...(data.engine === undefined ? {} : { engine: data.engine }), ...(data.threads === undefined ? {} : { threads: data.threads }) }).then((m) => ({ key, ...m }));
    loaded = await loading;
    o.logger.info(`worker ${o.name}: loaded ${data.model} (${loaded.predictor.engine})`);
    return loaded;
  };
  return {
    async process(job: Job<PredictChunkData>, _token: string | undefined, signal: AbortSignal | undefined): Promise<PredictChunkResult> {
      const data = job.data;
      if (data?.format !== 'medimg-predict-chunk@1') throw new Error(`job ${job.id} is not a medimg predict chunk (format ${JSON.stringify(data?.format)})`);
      const started = performance.now();
      const { predictor, pool } = await modelFor(data);
      const lines: PredictionLine[] = [];
      await predictFiles(
        predictor,
        pool,
        o.dataDir ?? data.dataDir,
        data.files,
        data.batchSize,
        async (batch) => {
          lines.push(...batch);
          job.updateProgress({ done: lines.length, total: data.files.length, worker: o.name }).catch(() => undefined);
        },
        signal,
      );
      if (signal?.aborted) throw new Error(`chunk ${job.id} stopped: ${String(signal.reason)}`);
      const seconds = (performance.now() - started) / 1000;
      o.logger.debug(`worker ${o.name}: chunk ${job.id}: ${lines.length} image(s) in ${seconds.toFixed(2)} s`);
      return { format: 'medimg-predict-result@1', lines, worker: o.name, engine: predictor.engine, seconds };
    },
    close: release,
  };
}
