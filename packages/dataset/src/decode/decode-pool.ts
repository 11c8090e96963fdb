import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadDecodeCore, workerDir, type DecodeOptions, type DecodeResult } from './decode-core';

/** Decodes many files with N worker threads (or in this thread when workers = 1). */
export interface DecodePool {
  readonly workers: number;
  decode(path: string): Promise<DecodeResult>;
  close(): Promise<void>;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

interface Pending {
  resolve: (r: DecodeResult) => void;
  reject: (e: Error) => void;
}

export function createDecodePool(options: DecodeOptions, workers: number): DecodePool {
  if (workers <= 1) {
    const core = loadDecodeCore();
    return { workers: 1, decode: (path) => core.decodeFile(path, options), close: async () => undefined };
  }
  const file = join(workerDir(), 'decode-worker.cjs');
  const threads: { worker: Worker; busy: number }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  for (let i = 0; i < workers; i++) {
    const worker = new Worker(file, { workerData: { sharpConcurrency: 1 } });
    const slot = { worker, busy: 0 };
    worker.on('message', (msg: { id: number; result: DecodeResult }) => {
      slot.busy--;
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      p?.resolve(msg.result);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    threads.push(slot);
  }
  return {
    workers,
    decode(path: string): Promise<DecodeResult> {
      if (failure) return Promise.reject(failure);
      let slot = threads[0];
      for (const t of threads) if (slot === undefined || t.busy < slot.busy) slot = t;
      if (!slot) return Promise.reject(new Error('decode pool has no workers'));
      const id = nextId++;
      slot.busy++;
      const target = slot;
      return new Promise<DecodeResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, path, options });
      });
    },
    async close(): Promise<void> {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

/**
 * Decodes `paths` keeping every worker busy, calling `onResult` in completion order
 * (index into `paths`). At most `2 * workers` decodes are in flight.
 */
export async function decodeAll(pool: DecodePool, paths: readonly string[], onResult: (index: number, result: DecodeResult) => Promise<void> | void): Promise<void> {
  let next = 0;
  const inFlight = Math.max(1, pool.workers * 2);
  const lane = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const result = await pool.decode(paths[i] as string);
      await onResult(i, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, paths.length) }, lane));
}
