import { cp, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { killWhen, startCli, waitFor } from './processes';

/**
 * Crash tests with real processes: the built CLI is killed with SIGKILL while a real write is in flight (a temp file
 * of core's writeFileAtomic exists), or runs under a file size limit so a checkpoint write fails with EFBIG.
 * The data is generated once; the clean run's pixel cache and checkpoint are the references.
 */
interface TrainResultJson {
  epochsRun: number;
  history: { epoch: number; loss: number }[];
}

const ATTEMPTS = 6;

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, as on the project's machine; many CI runners are not). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = mkdtempSync(join(tmpdir(), 'medimg-tmpfs-probe-'));
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status !== 0) return false;
    spawnSync('umount', [probe]);
    return true;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const itWithTmpfs = canMountTmpfs() ? it : it.skip;

describe('crash safety (kill -9 mid-write, a full disk): nothing committed is lost, the next run recovers', () => {
  let dir = '';
  let data = '';
  let cleanCache = '';
  let cacheName = '';
  let clean: TrainResultJson;
  const trainArgs = (out: string, epochs: number, ...more: string[]): string[] => ['train', '--data-dir', data, '--out', out, '--epochs', String(epochs), '--image-size', '64', '--batch-size', '16', '--patience', '0', '--backend', 'wasm', '--engine', 'tfjs', '--json', ...more];
  const tmpFiles = async (root: string): Promise<string[]> => (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.tmp')).sort();
  const bytesOf = async (root: string): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const f of (await readdir(root, { recursive: true })).sort()) {
      const p = join(root, f);
      if ((await stat(p)).isFile()) out[f] = (await readFile(p)).toString('base64');
    }
    return out;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medimg-e2e-crash-'));
    data = join(dir, 'data');
    const synth = await runCli(['data', 'synth', '--out', data, '--per-class', '40', '--size', '64', '--seed', '5', '--quiet']);
    expect(synth.code).toBe(0);
    // the clean reference: an uninterrupted 2-epoch run, and the pixel cache it filled
    cleanCache = join(dir, 'cache-clean');
    const run = await runCli(trainArgs(join(dir, 'clean'), 2), { MEDIMG_CACHE_DIR: cleanCache });
    expect(run.code).toBe(0);
    clean = JSON.parse(run.stdout) as TrainResultJson;
    expect(clean.epochsRun).toBe(2);
    const files = await readdir(cleanCache);
    expect(files).toHaveLength(1);
    cacheName = files[0] as string;
    expect(cacheName).toMatch(/^[0-9a-f]{32}\.bin$/);
  }, 300_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 while the pixel cache file is being written: the next run removes the torn temp file, says so, and rebuilds the same cache', async () => {
    const cache = join(dir, 'cache-killed');
    const key = cacheName.replace(/\.bin$/, '');
    let torn: { name: string; size: number } | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && torn === undefined; attempt++) {
      await rm(cache, { recursive: true, force: true });
      const child = startCli(trainArgs(join(dir, `killed-cache-${attempt}`), 1), join(dir, `killed-cache-${attempt}`), { MEDIMG_CACHE_DIR: cache });
      // decoding has started when the chunk folder exists; from there, spin until the cache's temp file appears
      if (await waitFor(child, () => existsSync(join(cache, `${key}.parts`)), 120_000)) {
        const hit = killWhen(
          child,
          () => readdirSync(cache).find((f) => f.startsWith(`.${cacheName}.`) && f.endsWith('.tmp')),
          () => existsSync(join(cache, cacheName)),
          120_000,
        );
        const ended = await child.exited;
        // the kill landed mid-write when the temp file is still there and nothing was committed under the cache's name
        if (hit !== undefined && ended.signal === 'SIGKILL' && existsSync(join(cache, hit)) && !existsSync(join(cache, cacheName))) torn = { name: hit, size: statSync(join(cache, hit)).size };
      } else {
        process.kill(child.pid, 'SIGKILL');
        await child.exited;
      }
    }
    expect(torn).toBeDefined();
    const full = (await stat(join(cleanCache, cacheName))).size;
    expect(torn!.size).toBeLessThanOrEqual(full); // the killed writer's bytes (up to all of them, then killed before the rename)

    const next = await runCli(trainArgs(join(dir, 'after-cache-kill'), 1), { MEDIMG_CACHE_DIR: cache });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`removed ${join(cache, torn!.name)}, left by a run that was killed while writing the pixel cache`);
    expect(next.stderr).toMatch(/resuming decode: 1 of 1 chunks already cached/);
    expect(await readdir(cache)).toEqual([cacheName]); // no temp file, no chunk folder, no lock left
    expect((await readFile(join(cache, cacheName))).equals(await readFile(join(cleanCache, cacheName)))).toBe(true);
    expect((JSON.parse(next.stdout) as TrainResultJson).history[0]!.loss).toBeCloseTo(clean.history[0]!.loss, 4);
  }, 900_000);

  it('a corrupt pixel cache (flipped byte, truncated, not a cache file): the CLI says it rebuilds it, exits 0, same results as a clean run', async () => {
    const cache = join(dir, 'cache-corrupt');
    await cp(cleanCache, cache, { recursive: true });
    const file = join(cache, cacheName);
    const reference = await readFile(file);
    const evaluateArgs = ['evaluate', '--model', join(dir, 'clean', 'best'), '--data-dir', data, '--split', 'train', '--backend', 'wasm', '--json'];
    const first = await runCli(evaluateArgs, { MEDIMG_CACHE_DIR: cache });
    expect(first.code).toBe(0);
    expect(first.stderr).not.toMatch(/rebuilding/);
    const damage: [string, () => Promise<void>, RegExp][] = [
      ['flipped byte', async () => {
        const bytes = Buffer.from(reference);
        bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
        await writeFile(file, bytes);
      }, /is corrupt \(pixel checksum [0-9a-f]+, expected [0-9a-f]+\)/],
      ['truncated', () => truncate(file, reference.length - 1000), new RegExp(`has ${reference.length - 1000} bytes, expected ${reference.length}`)],
      ['not a cache file', () => writeFile(file, 'not a cache'), /is not a medimg cache file/],
    ];
    for (const [what, corrupt, message] of damage) {
      await corrupt();
      const run = await runCli(evaluateArgs, { MEDIMG_CACHE_DIR: cache });
      expect([what, run.code]).toEqual([what, 0]);
      expect(run.stderr).toContain(`pixel cache ${file} is unusable, rebuilding it: Error in pixel cache: ${file}`);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe(first.stdout);
      expect((await readFile(file)).equals(reference)).toBe(true);
    }
  }, 600_000);

  it('kill -9 during a checkpoint write: the previous checkpoint survives and --resume continues from it', async () => {
    let out = '';
    let before: { state: string; epoch1: Record<string, string>; leftover: string[] } | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && before === undefined; attempt++) {
      out = join(dir, `killed-ckpt-${attempt}`);
      const checkpoint = join(out, 'checkpoint');
      const child = startCli(trainArgs(out, 3), out, { MEDIMG_CACHE_DIR: cleanCache });
      if (!(await waitFor(child, () => existsSync(join(checkpoint, 'state.json')), 180_000))) {
        process.kill(child.pid, 'SIGKILL');
        await child.exited;
        continue;
      }
      // committed after epoch 1; epoch 2 takes seconds (if it was quicker, epoch-1/ may be gone: try again)
      const state = await readFile(join(checkpoint, 'state.json'), 'utf8');
      const epoch1 = await bytesOf(join(checkpoint, 'epoch-1')).catch(() => undefined);
      const epoch2 = join(checkpoint, 'epoch-2');
      const hit = killWhen(
        child,
        () => {
          for (const d of [epoch2, join(epoch2, 'model'), checkpoint]) {
            const f = existsSync(d) ? readdirSync(d).find((n) => n.endsWith('.tmp')) : undefined;
            if (f !== undefined) return join(d, f);
          }
          return undefined;
        },
        () => false,
        120_000,
      );
      const ended = await child.exited;
      const after = await readFile(join(checkpoint, 'state.json'), 'utf8');
      if (epoch1 !== undefined && hit !== undefined && ended.signal === 'SIGKILL' && existsSync(hit) && after === state && (JSON.parse(state) as { epoch: number }).epoch === 1) {
        before = { state, epoch1, leftover: await tmpFiles(out) };
      }
    }
    expect(before).toBeDefined();
    expect(before!.leftover.length).toBeGreaterThan(0); // the write the kill interrupted
    expect(await bytesOf(join(out, 'checkpoint', 'epoch-1'))).toEqual(before!.epoch1);

    const resumed = await runCli(trainArgs(out, 2, '--resume'), { MEDIMG_CACHE_DIR: cleanCache });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming compact-cnn after epoch 1/);
    const result = JSON.parse(resumed.stdout) as TrainResultJson;
    expect(result.epochsRun).toBe(2);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2]);
    // epoch 1 is the committed one; epoch 2 replays as in the uninterrupted run
    expect(result.history[0]!.loss).toBe((JSON.parse(before!.state) as TrainResultJson).history[0]!.loss);
    expect(result.history[1]!.loss).toBeCloseTo(clean.history[1]!.loss, 4);
    expect(await tmpFiles(out)).toEqual([]);
  }, 900_000);

  it('a disk that fills during a checkpoint write (RLIMIT_FSIZE): exit 1, the error says EFBIG and to free space then --resume; the previous checkpoint survives', async () => {
    const out = join(dir, 'full-disk');
    const first = await runCli(trainArgs(out, 1), { MEDIMG_CACHE_DIR: cleanCache });
    expect(first.code).toBe(0);
    const before = { checkpoint: await bytesOf(join(out, 'checkpoint')), best: await bytesOf(join(out, 'best')), last: await bytesOf(join(out, 'last')) };
    // a limit between the model's weights file and the optimizer state (twice its size: Adam's two moments): the run
    // starts (reads the cache, copies best/ and last/), trains epoch 2, and its checkpoint write hits the limit
    const weights = Object.keys(before.best).find((f) => f.endsWith('.bin')) as string;
    const weightBytes = Buffer.from(before.best[weights] as string, 'base64').length;
    const optimizerBytes = Buffer.from(before.checkpoint[join('epoch-1', 'optimizer.bin')] as string, 'base64').length;
    const limit = Math.floor((weightBytes + optimizerBytes) / 2);
    expect(weightBytes).toBeLessThan(limit);
    expect(optimizerBytes).toBeGreaterThan(limit);

    const child = startCli(trainArgs(out, 2, '--resume'), join(dir, 'full-disk-run'), { MEDIMG_CACHE_DIR: cleanCache }, limit);
    const ended = await child.exited;
    const err = child.stderr();
    expect(ended).toEqual({ code: 1, signal: null }); // an error exit, not SIGXFSZ
    expect(err).toMatch(/resuming compact-cnn after epoch 1/);
    expect(err).toContain(`Error in train: writing the checkpoint of epoch 2 (${join(out, 'checkpoint', 'epoch-2', 'optimizer.bin')}) failed: the file would exceed the file size limit (ulimit -f / RLIMIT_FSIZE) (EFBIG).`);
    expect(err).toContain(`The previous checkpoint (epoch 1: ${join(out, 'checkpoint', 'state.json')}, ${join(out, 'best')}, ${join(out, 'last')}) is intact.`);
    expect(err).toContain('Fix: free disk space');
    expect(err).toContain('then rerun the same command with --resume to continue after epoch 1.');
    expect(child.stdout()).toBe('');
    // nothing committed was touched, the half-written epoch and its temp files are gone
    expect({ checkpoint: await bytesOf(join(out, 'checkpoint')), best: await bytesOf(join(out, 'best')), last: await bytesOf(join(out, 'last')) }).toEqual(before);
    expect(await tmpFiles(out)).toEqual([]);

    const again = await runCli(trainArgs(out, 2, '--resume'), { MEDIMG_CACHE_DIR: cleanCache });
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as TrainResultJson;
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(result.history[1]!.loss).toBeCloseTo(clean.history[1]!.loss, 4);
  }, 600_000);
  itWithTmpfs('a real full disk (a small tmpfs) during a checkpoint write: exit 1, ENOSPC named with the fix, the previous checkpoint intact', async () => {
    const mnt = await mkdtemp(join(tmpdir(), 'medimg-e2e-tmpfs-'));
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mnt]).status).toBe(0);
    try {
      const out = join(mnt, 'run');
      const first = await runCli(trainArgs(out, 1), { MEDIMG_CACHE_DIR: cleanCache });
      expect(first.code).toBe(0);
      const before = { checkpoint: await bytesOf(join(out, 'checkpoint')), best: await bytesOf(join(out, 'best')) };
      const weightBytes = Object.entries(before.best).filter(([f]) => f.endsWith('.bin')).reduce((a, [, b]) => a + Buffer.from(b, 'base64').length, 0);
      const optimizerBytes = Buffer.from(before.checkpoint[join('epoch-1', 'optimizer.bin')] as string, 'base64').length;
      // shrink the disk to what is used plus room for the resumed run's copies of best/ and last/ and epoch 2's weights,
      // but not its optimizer state: that write fills the disk
      const fs = statfsSync(mnt);
      const used = (fs.blocks - fs.bfree) * fs.bsize;
      const size = Math.ceil((used + weightBytes + 64 * 1024 + optimizerBytes / 2) / 4096) * 4096;
      expect(spawnSync('mount', ['-o', `remount,size=${size}`, mnt]).status).toBe(0);
      const full = await runCli(trainArgs(out, 2, '--resume'), { MEDIMG_CACHE_DIR: cleanCache });
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(/resuming compact-cnn after epoch 1/);
      expect(full.stderr).toContain(`Error in train: writing the checkpoint of epoch 2 (${join(out, 'checkpoint', 'epoch-2')}`);
      expect(full.stderr).toContain('failed: no space left on the device (ENOSPC). The previous checkpoint (epoch 1: ');
      expect(full.stderr).toContain('Fix: free disk space');
      expect({ checkpoint: await bytesOf(join(out, 'checkpoint')), best: await bytesOf(join(out, 'best')) }).toEqual(before);
      expect(await tmpFiles(out)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
      await rm(mnt, { recursive: true, force: true });
    }
  }, 600_000);
});
