import { DeadlineError, QueueFullError, ShuttingDownError } from './errors';

/** Options of a MicroBatcher. */
export interface MicroBatcherOptions<I, R> {
  /** Largest batch handed to `run`. 1 turns batching off. */
  maxBatch: number;
  /** A batch is sent when it is full or its oldest item has waited this long (0: as soon as a runner is free). */
  maxDelayMs: number;
  /** Items allowed to wait; more are refused with QueueFullError. */
  queueSize: number;
  /** Batches in flight at once (one per worker thread). */
  concurrency: number;
  /** Runs one batch (with each item's wait in the queue, ms); returns one result or Error per item, in order. A throw fails every item of the batch. */
  run: (items: I[], waitsMs: number[]) => Promise<(R | Error)[]>;
  /** Retry-After seconds suggested by QueueFullError. Default 1. */
  retryAfterSeconds?: number;
  /** Milliseconds clock (injectable for tests). Default performance.now. */
  now?: () => number;
}

interface Pending<I, R> {
  item: I;
  enqueuedAt: number;
  timeoutMs: number | undefined;
  settled: boolean;
  deadline: NodeJS.Timeout | undefined;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

/**
 * Dynamic micro-batching: items queue up and go to `run` in batches of up to `maxBatch`, sent when the batch is
 * full or the oldest item has waited `maxDelayMs`, with at most `concurrency` batches in flight. The queue is
 * bounded (QueueFullError), every item may carry a deadline (DeadlineError, whether queued or computing), and
 * `close()` refuses new items, sends what is queued without waiting, and resolves when all work is done.
 */
export class MicroBatcher<I, R> {
  private readonly queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private drained: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly o: MicroBatcherOptions<I, R>) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Items waiting (not yet sent). */
  get depth(): number {
    return this.queue.length;
  }

  /** Batches being computed now. */
  get running(): number {
    return this.inFlight;
  }

  submit(item: I, timeoutMs?: number): Promise<R> {
    if (this.closing) return Promise.reject(new ShuttingDownError());
    if (this.queue.length >= this.o.queueSize) return Promise.reject(new QueueFullError(this.o.queueSize, this.o.retryAfterSeconds ?? 1));
    return new Promise<R>((resolve, reject) => {
      const p: Pending<I, R> = { item, enqueuedAt: this.now(), timeoutMs, settled: false, deadline: undefined, resolve, reject };
      if (timeoutMs !== undefined) {
        p.deadline = setTimeout(() => {
          const i = this.queue.indexOf(p);
          if (i >= 0) this.queue.splice(i, 1);
          this.settle(p, new DeadlineError(timeoutMs, i >= 0 ? 'queued' : 'computing'));
        }, timeoutMs);
      }
      this.queue.push(p);
      this.schedule();
    });
  }

  /** Refuses new items, sends queued ones immediately, resolves when nothing is queued or computing. */
  close(): Promise<void> {
    this.closing = true;
    this.schedule();
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private settle(p: Pending<I, R>, result: R | Error): void {
    if (p.settled) return;
    p.settled = true;
    if (p.deadline !== undefined) clearTimeout(p.deadline);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  private schedule(): void {
    while (this.inFlight < this.o.concurrency && this.queue.length > 0) {
      const waited = this.now() - (this.queue[0] as Pending<I, R>).enqueuedAt;
      if (!this.closing && this.queue.length < this.o.maxBatch && waited < this.o.maxDelayMs) {
        if (this.timer === undefined) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.schedule();
          }, Math.max(0, this.o.maxDelayMs - waited));
        }
        return;
      }
      this.send(this.queue.splice(0, this.o.maxBatch));
    }
    if (this.timer !== undefined && (this.queue.length === 0 || this.inFlight >= this.o.concurrency)) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.closing && this.queue.length === 0 && this.inFlight === 0) for (const done of this.drained.splice(0)) done();
  }

  private send(batch: Pending<I, R>[]): void {
    this.inFlight++;
    const t = this.now();
    this.o
      .run(
        batch.map((p) => p.item),
        batch.map((p) => t - p.enqueuedAt),
      )
      .then(
        (results) => batch.forEach((p, i) => this.settle(p, results[i] ?? new Error(`Error in MicroBatcher: run returned ${results.length} results for ${batch.length} items`))),
        (error: unknown) => batch.forEach((p) => this.settle(p, error instanceof Error ? error : new Error(String(error)))),
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }
}
