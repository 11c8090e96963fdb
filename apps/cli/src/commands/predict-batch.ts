import type { Logger } from '@medimg/core';
import type { BatchPredictProgress } from '@medimg/distributed';
import { clock, createProgressLine } from '../progress-line';

/** The flags of `medimg predict`'s batch mode (`--data-dir ARCHIVE --out results.jsonl [--queue redis://...]`). */
export interface PredictBatchArgs {
  model: string;
  'data-dir': string;
  out?: string;
  queue?: string;
  engine?: string;
  threads?: number;
  'batch-size': number;
  'chunk-size': number;
  json: boolean;
}

/** One TTY progress line of batch predict: done/total, percent, img/s, ETA, unreadable count. */
export function batchProgressLine(p: BatchPredictProgress): string {
  const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(1) : '100.0';
  return `predict ${p.done}/${p.total} (${pct}%) ${p.imagesPerSecond.toFixed(1)} img/s ETA ${clock(p.etaSeconds)}${p.failed > 0 ? `, ${p.failed} unreadable` : ''}`;
}

/** Batch mode of `medimg predict`: every image under --data-dir into --out (JSON Lines), resumable, optionally sharded. */
export async function runPredictBatch(args: PredictBatchArgs, logger: Logger): Promise<void> {
  const { ValidationError } = await import('@medimg/core');
  if (args.out === undefined) throw new ValidationError('medimg predict', ['--data-dir needs --out results.jsonl (one JSON line per image; rerun the same command to resume)']);
  const { batchPredict } = await import('@medimg/distributed');
  const progress = createProgressLine();
  const summary = await batchPredict({
    model: args.model,
    dataDir: args['data-dir'],
    out: args.out,
    batchSize: args['batch-size'],
    chunkSize: args['chunk-size'],
    ...(args.queue === undefined ? {} : { queue: args.queue }),
    ...(args.engine === undefined ? {} : { engine: args.engine }),
    ...(args.threads === undefined ? {} : { threads: args.threads }),
    logger,
    onProgress: (p) => progress.update(batchProgressLine(p)),
  }).finally(() => progress.done());
  if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    const where = summary.workers ? ` on ${summary.workers.length} worker(s) (${summary.workers.join(', ')})` : summary.engine ? ` (${summary.engine})` : '';
    process.stdout.write(
      `${summary.out}: ${summary.predicted} image(s) predicted in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(1)} img/s)${where}; ${summary.resumed} resumed; ${summary.failed} unreadable; ${summary.total} in ${args['data-dir']}\n`,
    );
  }
  if (summary.failed > 0) logger.warn(`${summary.failed} image(s) could not be read; their lines in ${summary.out} carry "error"`);
  if (summary.cancelled) process.exitCode = 1;
}
