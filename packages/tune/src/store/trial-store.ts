import { readFile } from 'node:fs/promises';
import { appendLineDurable, cutTornLastLine } from '@medimg/core';
import type { TrialResult } from '../types';

/** What a trial store holds. */
export interface TrialStoreContents {
  /** Every valid line, in file order. */
  results: TrialResult[];
  /** Lines that were not valid trial results (a torn last line from a killed search, or damage), with line numbers. */
  skipped: { line: number; reason: string }[];
  /** The file ends in a partial line (a write cut short by a kill). */
  tornTail: boolean;
}

function isTrialResult(value: unknown): value is TrialResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['id'] === 'string' &&
    typeof r['key'] === 'string' &&
    typeof r['budget'] === 'number' &&
    (r['status'] === 'ok' || r['status'] === 'failed') &&
    typeof r['params'] === 'object' &&
    r['params'] !== null &&
    typeof r['metrics'] === 'object' &&
    r['metrics'] !== null
  );
}

/** Reads OUT/trials.jsonl (JSON Lines, one finished trial per line). A missing file is an empty store. */
export async function readTrialStore(path: string): Promise<TrialStoreContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { results: [], skipped: [], tornTail: false };
    throw error;
  }
  const lines = text.split('\n');
  const tornTail = text.length > 0 && !text.endsWith('\n');
  const results: TrialResult[] = [];
  const skipped: TrialStoreContents['skipped'] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (isTrialResult(value)) results.push(value);
      else skipped.push({ line: i + 1, reason: 'not a trial result' });
    } catch {
      skipped.push({ line: i + 1, reason: i === lines.length - 1 && tornTail ? 'torn last line (interrupted write)' : 'invalid JSON' });
    }
  });
  return { results, skipped, tornTail };
}

/**
 * Cuts a torn last line (from a search killed mid-write) so the next append starts on a fresh line.
 * Returns the number of bytes removed.
 */
export function repairTrialStore(path: string): Promise<number> {
  return cutTornLastLine(path);
}

/** Appends one finished trial and fsyncs it (a kill after this returns cannot lose it). */
export async function appendTrialResult(path: string, result: TrialResult): Promise<void> {
  await appendLineDurable(path, JSON.stringify(result));
}

/** The latest result per trial key (a retried trial's newer line wins). */
export function latestByKey(results: readonly TrialResult[]): Map<string, TrialResult> {
  const map = new Map<string, TrialResult>();
  for (const r of results) map.set(r.key, r);
  return map;
}
