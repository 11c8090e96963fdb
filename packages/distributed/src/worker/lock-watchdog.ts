import type { Worker } from 'bullmq';

/**
 * Cancels (aborts) a running job whose lock this worker has not renewed for longer than the lock lives: Redis is
 * unreachable from here, so the job is already another worker's, and continuing would only burn CPU. BullMQ renews
 * locks but does not stop a job that lost its lock; this does, through the processor's abort signal.
 */
export function watchLocks(worker: Worker, lockDurationMs: number, onLost: (jobId: string) => void): { track(jobId: string): void; untrack(jobId: string): void; stop(): void } {
  const renewed = new Map<string, number>();
  worker.on('locksRenewed', ({ jobIds }: { jobIds: string[] }) => {
    const now = Date.now();
    for (const id of jobIds) if (renewed.has(id)) renewed.set(id, now);
  });
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [id, at] of renewed) {
      if (now - at > lockDurationMs) {
        renewed.delete(id);
        worker.cancelJob(id, `lost the lock of job ${id} (no renewal for ${lockDurationMs} ms: Redis unreachable from this worker); another worker runs it`);
        onLost(id);
      }
    }
  }, Math.max(100, Math.floor(lockDurationMs / 4)));
  timer.unref();
  return {
    track: (id) => renewed.set(id, Date.now()),
    untrack: (id) => renewed.delete(id),
    stop: () => clearInterval(timer),
  };
}
