import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '@medimg/core';
import { localProcessExecutor, type TrialExecutor } from '@medimg/tune';
import type { Job } from 'bullmq';
import { packModelDir } from '../tune/model-files';
import type { TrialJobData, TrialJobProgress, TrialJobResult } from '../tune/trial-job-data';

export interface TrialProcessorOptions {
  name: string;
  concurrency: number;
  workDir: string;
  dataDir?: string;
  sharedOut: 'auto' | 'never';
  maxModelBytes: number;
  trialHeapMb?: number;
  logger: Logger;
}

export interface TrialProcessor {
  process(job: Job<TrialJobData>, token: string | undefined, signal: AbortSignal | undefined): Promise<TrialJobResult>;
  /** Kills running trial processes. */
  close(): Promise<void>;
}

/** Where this worker runs a trial, and its options with this machine's paths. */
function placeTrial(data: TrialJobData, o: TrialProcessorOptions): { outDir: string; shared: boolean; options: Record<string, unknown> } {
  const shared = o.sharedOut === 'auto' && existsSync(dirname(data.outDir));
  const outDir = shared ? data.outDir : join(o.workDir, data.search, 'trials', data.trial.id);
  const options = { ...data.options };
  if (o.dataDir !== undefined && typeof options['dataDir'] === 'string') options['dataDir'] = o.dataDir;
  const cacheDir = options['cacheDir'];
  if (typeof cacheDir === 'string' && (!shared || !existsSync(dirname(cacheDir)))) options['cacheDir'] = join(o.workDir, data.search, 'cache');
  return { outDir, shared, options };
}

/**
 * Runs trial jobs with tune's local executor (one crash-isolated child process per trial), so a trial behaves on a
 * worker exactly as in a local search. A failed trial throws (BullMQ retries it up to the job's attempts).
 */
export function createTrialProcessor(o: TrialProcessorOptions): TrialProcessor {
  const local: TrialExecutor = localProcessExecutor({
    parallel: o.concurrency,
    env: { MEDIMG_WORKER: o.name },
    ...(o.trialHeapMb === undefined ? {} : { maxOldSpaceMb: o.trialHeapMb }),
  });
  const trialLogger: Logger = { debug: o.logger.debug, info: o.logger.debug, warn: o.logger.warn, error: o.logger.error };
  return {
    async process(job, _token, signal) {
      const data = job.data;
      if (data?.format !== 'medimg-trial-job@1') throw new Error(`job ${job.id} is not a medimg trial job (format ${JSON.stringify(data?.format)})`);
      const { outDir, shared, options } = placeTrial(data, o);
      o.logger.info(`worker ${o.name}: trial ${data.trial.id} (job ${job.id}, attempt ${job.attemptsMade + 1}/${job.opts.attempts ?? 1}) in ${outDir}`);
      const outcome = await local.run(
        { trial: data.trial, runner: data.runner, outDir, seed: data.seed, options },
        {
          logger: trialLogger,
          onEpoch: (p) => {
            const progress: TrialJobProgress = { epoch: p.epoch, epochs: p.epochs, metrics: p.metrics, worker: o.name };
            job.updateProgress(progress).catch((error: unknown) => o.logger.debug(`worker ${o.name}: progress of ${job.id} not sent: ${String(error)}`));
          },
        },
        signal,
      );
      if (outcome.status === 'failed') {
        o.logger.warn(`worker ${o.name}: trial ${data.trial.id} failed: ${outcome.error.split('\n')[0]}`);
        throw new Error(outcome.error);
      }
      const result: TrialJobResult = { format: 'medimg-trial-result@1', metrics: outcome.metrics, seconds: outcome.seconds, worker: o.name, ...(outcome.nonFinite === undefined ? {} : { nonFinite: outcome.nonFinite }) };
      if (outcome.modelDir !== undefined) {
        const rel = relative(outDir, outcome.modelDir);
        const inside = rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
        result.modelPath = inside ? rel.split(sep).join('/') : 'model';
        if (!shared || !inside) result.modelFiles = await packModelDir(outcome.modelDir, o.maxModelBytes);
      }
      o.logger.info(`worker ${o.name}: trial ${data.trial.id} done in ${outcome.seconds.toFixed(1)} s`);
      return result;
    },
    close: () => local.close(),
  };
}
