/** Current resident set size, bytes. */
export function currentRss(): number {
  return process.memoryUsage.rss();
}

/** Peak resident set size of the whole process so far (getrusage maxRSS), bytes. */
export function processPeakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Tracks the highest RSS seen across `sample()` calls. */
export class RssTracker {
  private peak = currentRss();
  sample(): void {
    const now = currentRss();
    if (now > this.peak) this.peak = now;
  }
  get peakBytes(): number {
    return this.peak;
  }
}
