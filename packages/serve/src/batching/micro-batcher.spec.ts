import { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';
import { isDeadlineError, isQueueFullError, isShuttingDownError } from './errors';

/** A runner whose batches finish only when the test releases them (no timing assumptions). */
function gatedRunner(): { run: MicroBatcherOptions<number, number>['run']; batches: number[][]; release: (i: number) => void } {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  return {
    batches,
    run: (items) => {
      batches.push(items);
      return new Promise((resolve) => gates.push(() => resolve(items.map((x) => (x < 0 ? new Error(`bad item ${x}`) : x * 10)))));
    },
    release: (i) => gates[i]?.(),
  };
}

const settle = <T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('MicroBatcher', () => {
  it('sends a full batch at once, then batches what queued while the runner was busy', async () => {
    const g = gatedRunner();
    const b = new MicroBatcher<number, number>({ maxBatch: 3, maxDelayMs: 60_000, queueSize: 100, concurrency: 1, run: g.run });
    const first = [1, 2, 3].map((x) => b.submit(x));
    expect(g.batches).toEqual([[1, 2, 3]]); // full: no waiting for the (huge) delay
    const later = [4, 5, 6, 7].map((x) => b.submit(x));
    expect(b.depth).toBe(4);
    g.release(0);
    expect(await Promise.all(first)).toEqual([10, 20, 30]);
    await tick();
    expect(g.batches).toEqual([[1, 2, 3], [4, 5, 6]]);
    g.release(1);
    await tick();
    expect(b.depth).toBe(1); // 7 waits for more (maxDelay not reached), runner idle
    expect(g.batches.length).toBe(2);
    const closed = b.close(); // close sends it without waiting for the delay
    await tick();
    expect(g.batches[2]).toEqual([7]);
    g.release(2);
    await closed;
    expect(await Promise.all(later)).toEqual([40, 50, 60, 70]);
  });

  it('sends a partial batch after maxDelayMs, and maxBatch 1 sends every item alone', async () => {
    const g = gatedRunner();
    const b = new MicroBatcher<number, number>({ maxBatch: 8, maxDelayMs: 20, queueSize: 100, concurrency: 1, run: g.run });
    const p = [b.submit(1), b.submit(2)];
    expect(g.batches).toEqual([]);
    await tick(60);
    expect(g.batches).toEqual([[1, 2]]);
    g.release(0);
    expect(await Promise.all(p)).toEqual([10, 20]);

    const one = gatedRunner();
    const unbatched = new MicroBatcher<number, number>({ maxBatch: 1, maxDelayMs: 5, queueSize: 100, concurrency: 2, run: one.run });
    const q = [1, 2, 3].map((x) => unbatched.submit(x));
    expect(one.batches).toEqual([[1], [2]]); // two runners busy, the third waits
    one.release(0);
    await tick();
    expect(one.batches).toEqual([[1], [2], [3]]);
    one.release(1);
    one.release(2);
    expect(await Promise.all(q)).toEqual([10, 20, 30]);
  });

  it('refuses items beyond queueSize with QueueFullError (Retry-After), fails only the bad item of a batch', async () => {
    const g = gatedRunner();
    const b = new MicroBatcher<number, number>({ maxBatch: 2, maxDelayMs: 60_000, queueSize: 2, concurrency: 1, retryAfterSeconds: 3, run: g.run });
    const running = [b.submit(1), b.submit(-1)]; // sent at once (full)
    const queued = [b.submit(3), b.submit(4)];
    const refused = await settle(b.submit(5));
    expect(refused.ok).toBe(false);
    expect(isQueueFullError(!refused.ok && refused.error)).toBe(true);
    expect((!refused.ok && (refused.error as { retryAfterSeconds: number }).retryAfterSeconds)).toBe(3);
    g.release(0);
    const r = await Promise.all(running.map(settle));
    expect(r[0]).toEqual({ ok: true, value: 10 });
    expect(!r[1]!.ok && (r[1]!.error as Error).message).toBe('bad item -1');
    await tick();
    g.release(1);
    expect(await Promise.all(queued)).toEqual([30, 40]);
  });

  it('fails an item whose deadline passes, queued or computing, and refuses work after close', async () => {
    const g = gatedRunner();
    const b = new MicroBatcher<number, number>({ maxBatch: 1, maxDelayMs: 0, queueSize: 10, concurrency: 1, run: g.run });
    const computing = settle(b.submit(1, 30));
    const queued = settle(b.submit(2, 30));
    const patient = b.submit(3);
    const [c, q] = await Promise.all([computing, queued]);
    expect(!c.ok && isDeadlineError(c.error) && c.error.stage).toBe('computing');
    expect(!q.ok && isDeadlineError(q.error) && q.error.stage).toBe('queued');
    expect(b.depth).toBe(1); // 2 left the queue; 3 still waits for the runner
    g.release(0); // 1's late result is dropped
    await tick();
    expect(g.batches).toEqual([[1], [3]]);
    const closing = b.close();
    const late = await settle(b.submit(4));
    expect(!late.ok && isShuttingDownError(late.error)).toBe(true);
    g.release(1);
    await closing;
    expect(await patient).toBe(30);
  });
});
