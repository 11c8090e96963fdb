import { Worker } from 'node:worker_threads';
import { MedimgError, type Logger } from '@medimg/core';
import { builtFile } from '../package-files';
import type { ExplainWanted, ItemResult, LoadedModel, RunRequest, WorkerInit, WorkerMessage } from './protocol';

/** One batch's answer from a worker. */
export interface BatchRun {
  items: ItemResult[];
  decodeMs: number;
  computeMs: number;
  /** Images that reached the model (decodable ones). */
  batchSize: number;
}

interface Slot {
  worker: Worker;
  busy: number;
  pending: Map<number, { resolve: (r: BatchRun) => void; reject: (e: Error) => void }>;
  dead: Error | undefined;
}

/**
 * N worker threads, each holding every served model. `run` sends a batch to the least busy worker; a worker that
 * dies fails its pending batches with an error naming the cause.
 */
export class InferencePool {
  private nextId = 0;
  private constructor(
    private readonly slots: Slot[],
    readonly models: LoadedModel[],
  ) {}

  static async start(init: WorkerInit, workers: number, logger: Logger): Promise<InferencePool> {
    const file = builtFile('inference-worker.cjs');
    const slots: Slot[] = [];
    const ready: Promise<LoadedModel[]>[] = [];
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(file, { workerData: { ...init, index: i } satisfies WorkerInit });
      const slot: Slot = { worker, busy: 0, pending: new Map(), dead: undefined };
      slots.push(slot);
      ready.push(
        new Promise<LoadedModel[]>((resolve, reject) => {
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'ready') resolve(m.models);
            else if (m.type === 'load-error') reject(new MedimgError('E_SERVE_LOAD', `Error loading models in inference worker ${i}: ${m.message}`));
            else if (m.type === 'result' || m.type === 'run-error') {
              const p = slot.pending.get(m.id);
              slot.pending.delete(m.id);
              slot.busy--;
              if (m.type === 'result') p?.resolve({ items: m.items, decodeMs: m.decodeMs, computeMs: m.computeMs, batchSize: m.batchSize });
              else p?.reject(new MedimgError('E_SERVE_RUN', m.message));
            }
          });
          const fail = (error: Error): void => {
            slot.dead = error;
            reject(error);
            for (const p of slot.pending.values()) p.reject(error);
            slot.pending.clear();
          };
          worker.on('error', (error) => {
            logger.error(`inference worker ${i} failed: ${error.message}`);
            fail(error);
          });
          worker.on('exit', (code) => fail(new MedimgError('E_SERVE_WORKER', `Error in inference worker ${i}: it exited (code ${code})`)));
        }),
      );
    }
    try {
      // Worker 0 first: it writes the ONNX exports the others only point to.
      const first = await (ready[0] as Promise<LoadedModel[]>);
      const loaded = [first, ...(await Promise.all(ready.slice(1)))];
      return new InferencePool(slots, loaded[0] ?? []);
    } catch (error) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw error;
    }
  }

  get workers(): number {
    return this.slots.length;
  }

  /** Decodes + preprocesses one image in a worker exactly as `run` does, returning the model input pixels. */
  preprocess(model: string, image: Uint8Array): Promise<BatchRun> {
    return this.run(model, [image], ['none'], true);
  }

  /** Runs one batch; `explain[i]` asks for image i's class map (and overlay) too. */
  run(model: string, images: Uint8Array[], explain: ExplainWanted[], preprocessOnly = false): Promise<BatchRun> {
    let slot: Slot | undefined;
    for (const s of this.slots) if (s.dead === undefined && (slot === undefined || s.busy < slot.busy)) slot = s;
    if (slot === undefined) return Promise.reject(new MedimgError('E_SERVE_WORKER', 'Error in predict: every inference worker has died. Fix: restart the server (see its log for the cause).'));
    const id = this.nextId++;
    const target = slot;
    target.busy++;
    return new Promise<BatchRun>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      const request: RunRequest = { type: 'run', id, model, images, explain, preprocessOnly };
      target.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
