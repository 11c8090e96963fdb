import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { cutTornLastLine } from '@medimg/core';
import type { PredictionLine } from './types';

/** What an existing results file holds. */
export interface FinishedFiles {
  /** Files with a line (predicted, or recorded as unreadable). */
  done: Set<string>;
  /** Lines recorded as unreadable images. */
  failed: number;
  /** Bytes of a torn last line cut off (a kill mid-write). */
  cut: number;
  /** Lines that were not results (damage), by line number. */
  invalid: number[];
}

/** Reads OUT.jsonl line by line (streaming), after cutting a torn last line. A missing file is empty. */
export async function readFinished(path: string): Promise<FinishedFiles> {
  const cut = await cutTornLastLine(path);
  const done = new Set<string>();
  const invalid: number[] = [];
  let failed = 0;
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { done, failed, cut, invalid };
    throw error;
  }
  let n = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<PredictionLine>;
      if (typeof value.file !== 'string') throw new Error('no file');
      done.add(value.file);
      if (value.error !== undefined) failed++;
    } catch {
      invalid.push(n);
    }
  }
  return { done, failed, cut, invalid };
}

/** Appends result lines; each `write` is one write of whole lines, fsync'ed (a kill leaves at most a torn last line). */
export interface ResultsWriter {
  write(lines: readonly PredictionLine[]): Promise<void>;
  close(): Promise<void>;
}

export async function openResultsWriter(path: string): Promise<ResultsWriter> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a');
  let queue = Promise.resolve();
  return {
    write(lines) {
      if (lines.length === 0) return queue;
      const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
      queue = queue.then(async () => {
        await handle.writeFile(text);
        await handle.sync();
      });
      return queue;
    },
    async close() {
      await queue;
      await handle.close();
    },
  };
}
