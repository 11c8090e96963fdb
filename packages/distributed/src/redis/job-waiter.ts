import type { Logger } from '@medimg/core';
import type { Job, Queue, QueueEvents } from 'bullmq';

/** How waiting for a job ended. */
export type JobWait = Job | 'aborted' | 'vanished';

export interface JobWaiter {
  /** Resolves with the job once it is completed or failed (after all its attempts), or 'aborted' / 'vanished'. */
  wait(id: string, options?: { signal?: AbortSignal; onProgress?: (data: unknown) => void }): Promise<JobWait>;
  close(): void;
}

/**
 * Waits for many jobs of one queue: QueueEvents wake the waiter of a job that finished (fast path), and every
 * `pollMs` each waiter also reads its job's state (covers events missed while a link was down). A job counts as
 * finished only in the `completed` or `failed` state, so a failed attempt that will be retried keeps waiting.
 */
export function createJobWaiter(queue: Queue, events: QueueEvents, JobClass: typeof Job, pollMs: number, logger: Logger): JobWaiter {
  const waiters = new Map<string, { check(): void; onProgress?: (data: unknown) => void }>();
  const wake = ({ jobId }: { jobId: string }): void => waiters.get(jobId)?.check();
  events.on('completed', wake);
  events.on('failed', wake);
  events.on('progress', ({ jobId, data }: { jobId: string; data: unknown }) => waiters.get(jobId)?.onProgress?.(data));
  const poller = setInterval(() => {
    for (const w of waiters.values()) w.check();
  }, pollMs);
  return {
    wait(id, options = {}) {
      return new Promise<JobWait>((resolve) => {
        let checking = false;
        let done = false;
        const finish = (value: JobWait): void => {
          if (done) return;
          done = true;
          waiters.delete(id);
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value);
        };
        const onAbort = (): void => finish('aborted');
        const check = (): void => {
          if (checking || done) return;
          checking = true;
          void (async () => {
            try {
              const state = await queue.getJobState(id);
              if (state === 'unknown') return finish('vanished');
              if (state !== 'completed' && state !== 'failed') return;
              // Read the job after it finished (a copy read before would lack its return value).
              const job = await JobClass.fromId(queue, id);
              finish(job ?? 'vanished');
            } catch (error) {
              logger.debug(`waiting for job ${id}: ${error instanceof Error ? error.message : String(error)}`);
            } finally {
              checking = false;
            }
          })();
        };
        waiters.set(id, { check, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.signal?.aborted) onAbort();
        check();
      });
    },
    close() {
      clearInterval(poller);
      waiters.clear();
    },
  };
}
