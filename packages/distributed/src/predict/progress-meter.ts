import type { BatchPredictProgress } from './types';

/** Counts finished images and turns them into progress (rate over this run, ETA at that rate). */
export function createProgressMeter(total: number, resumed: number, failedBefore: number, clock: () => number = Date.now) {
  const started = clock();
  let done = resumed;
  let failed = failedBefore;
  return {
    add(images: number, unreadable: number): BatchPredictProgress {
      done += images;
      failed += unreadable;
      const seconds = Math.max((clock() - started) / 1000, 1e-9);
      const rate = (done - resumed) / seconds;
      return { done, total, resumed, failed, imagesPerSecond: rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null };
    },
    total,
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
    seconds: () => (clock() - started) / 1000,
  };
}
