import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { TrialJob } from '@medimg/tune';

/**
 * The default name of a search: sha256 of the chief's OUT folder (absolute), the runner and the runner options,
 * 16 hex chars. The same command gives the same name (so a rerun chief finds its jobs); another OUT or other data,
 * another name (so equal params in two searches never share a job).
 */
export function searchIdOf(job: Pick<TrialJob, 'outDir' | 'runner' | 'options'>): string {
  const out = dirname(dirname(resolve(job.outDir))); // OUT/trials/<id> -> OUT
  return createHash('sha256').update(JSON.stringify([out, job.runner, job.options])).digest('hex').slice(0, 16);
}
