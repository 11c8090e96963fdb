import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, type Logger } from '@medimg/core';

/** What a finished stage leaves in OUT/<stage>/stage.json. A rerun with the same input hash skips the stage. */
export interface StageStamp<R = unknown> {
  stage: string;
  inputHash: string;
  finishedAt: string;
  seconds: number;
  result: R;
}

export interface StageDefinition<R> {
  name: string;
  /** Everything the stage's output depends on besides upstream stages (options, file hashes). JSON-serialisable. */
  inputs: unknown;
  run(stageDir: string): Promise<R>;
}

export interface StageOutcome<R> {
  stamp: StageStamp<R>;
  skipped: boolean;
}

export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export async function readStamp<R>(outDir: string, stage: string): Promise<StageStamp<R> | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, stage, 'stage.json'), 'utf8')) as StageStamp<R>;
  } catch {
    return undefined;
  }
}

/**
 * Runs one stage unless its stamp says it already ran with the same inputs (own inputs + upstream hashes).
 * `force` reruns it regardless (`--from`). The stamp is written atomically after the stage succeeds, so a
 * stage killed half-way reruns next time.
 */
export async function runStage<R>(
  outDir: string,
  definition: StageDefinition<R>,
  upstream: readonly StageStamp[],
  options: { force: boolean; logger: Logger },
): Promise<StageOutcome<R>> {
  const inputHash = hashJson({ inputs: definition.inputs, upstream: upstream.map((u) => [u.stage, u.inputHash, u.finishedAt]) });
  const previous = await readStamp<R>(outDir, definition.name);
  if (!options.force && previous !== undefined && previous.inputHash === inputHash) {
    options.logger.info(`[${definition.name}] unchanged since ${previous.finishedAt}: skipped`);
    return { stamp: previous, skipped: true };
  }
  options.logger.info(`[${definition.name}] running`);
  const started = Date.now();
  const stageDir = join(outDir, definition.name);
  const result = await definition.run(stageDir);
  const stamp: StageStamp<R> = { stage: definition.name, inputHash, finishedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000, result };
  await writeFileAtomic(join(stageDir, 'stage.json'), JSON.stringify(stamp, null, 2));
  options.logger.info(`[${definition.name}] done in ${stamp.seconds.toFixed(1)} s`);
  return { stamp, skipped: false };
}
