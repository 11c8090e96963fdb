import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DataError, diskFullErrorOf, silentLogger, tempPathFor, writeFileAtomic, type Logger } from '@medimg/core';
import { createDecodePool, decodeAll } from './decode/decode-pool';
import type { DecodeOptions } from './decode/decode-core';
import { encodeHeader, readChunk, readHeader, type CachedEntry, type CacheHeader } from './pixel-cache-format';
import { fileStore, memoryStore, type PixelStore } from './pixel-store';
import { acquireFileLock } from './cache-lock';
import { hashFileStats } from './file-list-digest';
import type { ProgressEvent } from './types';

/** Images per chunk file of a decode pass (the unit of progress that survives a killed run). */
export const CHUNK_SIZE = 256;

export function defaultCacheDir(): string {
  return process.env['MEDIMG_CACHE_DIR'] || join(homedir(), '.cache', 'medimg');
}

export function defaultMemoryBudget(): number {
  const mb = Number(process.env['MEDIMG_MEMORY_BUDGET_MB']);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

/** Cache key: the file list with sizes and mtimes, and every option that changes the pixels. */
export async function cacheKey(paths: readonly string[], options: DecodeOptions): Promise<string> {
  const h = createHash('sha256');
  // v2: high-bit-depth images (DICOM, 16-bit PNG) are windowed and resized at full precision
  h.update(JSON.stringify({ v: 2, imageSize: options.imageSize, channels: options.channels, resize: options.resize, decoder: options.decoder, window: options.window ?? 'auto' }));
  await hashFileStats(h, paths); // a file that vanished is recorded as such; decoding reports it
  return h.digest('hex').slice(0, 32);
}

export interface CachedDecodeOptions {
  paths: readonly string[];
  decode: DecodeOptions;
  cacheDir: string;
  workers: number;
  memoryBudgetBytes: number;
  logger?: Logger;
  onProgress?: (p: ProgressEvent) => void;
  /** Label of the progress phase. */
  phase?: string;
  /** Images per chunk file. Default CHUNK_SIZE. */
  chunkSize?: number;
}

export interface CachedDecode {
  file: string;
  hit: boolean;
  /** Images decoded by this call (0 on a full hit). */
  decoded: number;
  /** One result per input path. */
  entries: CachedEntry[];
  /** Store slot of each ok entry, -1 for skipped ones. */
  slotOf: Int32Array;
  store: PixelStore;
}

function checkCrc(file: string, header: CacheHeader, actual: number): void {
  if (header.crc32 !== undefined && header.crc32 !== actual) {
    throw new DataError(`Error in pixel cache: ${file} is corrupt (pixel checksum ${actual.toString(16)}, expected ${header.crc32.toString(16)}). Fix: none needed, it is rebuilt; delete it if this repeats.`, file);
  }
}

/** CRC-32 of a file's bytes from `offset` on, read in 16 MiB pieces (the cache may not fit in memory). */
async function fileCrc(file: string, offset: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const piece = Buffer.alloc(16 * 1024 * 1024);
    let crc = 0;
    for (let at = offset; ; ) {
      const { bytesRead } = await handle.read(piece, 0, piece.length, at);
      if (bytesRead === 0) return crc;
      crc = crc32(piece.subarray(0, bytesRead), crc);
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Opens a whole-set cache file (null when missing); throws when it is malformed, torn or its pixels changed. */
async function openStore(file: string, memoryBudgetBytes: number): Promise<{ header: CacheHeader; store: PixelStore } | null> {
  const info = await readHeader(file);
  if (!info) return null;
  const { header, pixelOffset, fileSize } = info;
  const count = header.entries.filter((e) => e.ok).length;
  const bytes = fileSize - pixelOffset;
  if (bytes <= memoryBudgetBytes) {
    const all = await readFile(file);
    const pixels = new Uint8Array(all.buffer, all.byteOffset + pixelOffset, bytes);
    checkCrc(file, header, crc32(pixels));
    return { header, store: memoryStore(pixels, header.bytesPerImage) };
  }
  if (header.crc32 !== undefined) checkCrc(file, header, await fileCrc(file, pixelOffset));
  return { header, store: fileStore(file, pixelOffset, count, header.bytesPerImage) };
}

/** Removes temp files of writers that died (kill -9 between writing and renaming): `.NAME.PID.RAND.tmp` of a dead PID, NAME starting with `prefix`. */
async function removeStaleTemps(dir: string, prefix: string, logger: Logger): Promise<void> {
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.startsWith(`.${prefix}`) || !f.endsWith('.tmp')) continue;
    const parts = f.split('.');
    const pid = Number(parts[parts.length - 3]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive || pid === process.pid) {
      await rm(join(dir, f), { force: true });
      logger.info(`removed ${join(dir, f)}, left by a run that was killed while writing the pixel cache`);
    }
  }
}

/** Streams chunk files into one cache file: temp file, fsync, rename (never a half-written cache). */
async function consolidate(file: string, key: string, bytesPerImage: number, chunkFiles: string[], total: number): Promise<void> {
  const entries: CachedEntry[] = [];
  for (const cf of chunkFiles) {
    const info = await readHeader(cf);
    if (!info) throw new Error(`chunk ${cf} vanished while consolidating`);
    entries.push(...info.header.entries);
  }
  if (entries.length !== total) throw new Error(`chunks hold ${entries.length} entries, expected ${total}`);
  let crc = 0;
  for (const cf of chunkFiles) {
    const chunk = await readChunk(cf);
    if (chunk) crc = crc32(chunk.pixels, crc);
  }
  const header: CacheHeader = { version: 1, key, bytesPerImage, start: 0, entries, crc32: crc };
  const tmp = tempPathFor(file);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.write(encodeHeader(header));
      for (const cf of chunkFiles) {
        const chunk = await readChunk(cf);
        if (chunk) await handle.write(chunk.pixels);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw diskFullErrorOf(error, file, `no cache was written; the decoded chunks in ${dirname(chunkFiles[0] ?? file)} are kept, so the next run resumes from them`) ?? error;
  }
}

/**
 * Decodes `paths` once and caches the preprocessed pixels in `cacheDir/<key>.bin`; later calls read the cache.
 * A decode pass writes chunk files (`<key>.parts/`) atomically as it goes, so a killed run resumes where it stopped.
 */
export async function decodeWithCache(o: CachedDecodeOptions): Promise<CachedDecode> {
  const logger = o.logger ?? silentLogger;
  const phase = o.phase ?? 'decode';
  const key = await cacheKey(o.paths, o.decode);
  await mkdir(o.cacheDir, { recursive: true });
  const file = join(o.cacheDir, `${key}.bin`);
  const bytesPerImage = o.decode.imageSize * o.decode.imageSize * o.decode.channels;
  const chunkSize = o.chunkSize ?? CHUNK_SIZE;
  let decoded = 0;
  let opened = await openStore(file, o.memoryBudgetBytes).catch((error: Error) => {
    logger.warn(`pixel cache ${file} is unusable, rebuilding it: ${error.message}`);
    return null;
  });
  let hit = opened !== null;
  // Another process may be filling the same cache (parallel tuning trials): take the key's lock, then look again.
  const release = opened ? undefined : await acquireFileLock(join(o.cacheDir, `${key}.lock`), () => logger.info(`waiting for another process filling the pixel cache ${file}`));
  try {
    if (!opened) {
      opened = await openStore(file, o.memoryBudgetBytes).catch(() => null);
      hit = opened !== null;
    }
    if (!opened) {
      await removeStaleTemps(o.cacheDir, basename(file), logger);
      const partsDir = join(o.cacheDir, `${key}.parts`);
      await mkdir(partsDir, { recursive: true });
      await removeStaleTemps(partsDir, 'chunk-', logger);
      const nChunks = Math.ceil(o.paths.length / chunkSize);
      const chunkFile = (k: number): string => join(partsDir, `chunk-${String(k).padStart(6, '0')}.bin`);
      const present = new Set(await readdir(partsDir));
      const todo: number[] = [];
      for (let k = 0; k < nChunks; k++) {
        const name = basename(chunkFile(k));
        const ok = present.has(name) && (await readHeader(chunkFile(k)).catch(() => null)) !== null;
        if (!ok) todo.push(k);
      }
      if (todo.length < nChunks) logger.info(`resuming decode: ${nChunks - todo.length} of ${nChunks} chunks already cached`, { cache: partsDir });
      const pool = createDecodePool(o.decode, o.workers);
      let done = o.paths.length - todo.reduce((s, k) => s + Math.min(chunkSize, o.paths.length - k * chunkSize), 0);
      try {
        for (const k of todo) {
          const start = k * chunkSize;
          const chunkPaths = o.paths.slice(start, start + chunkSize);
          const results: (CachedEntry & { pixels?: Uint8Array })[] = new Array(chunkPaths.length);
          await decodeAll(pool, chunkPaths, (i, r) => {
            results[i] = r.ok
              ? { ok: true, hash: r.hash, width: r.width, height: r.height, sourceChannels: r.sourceChannels, ...(r.note ? { note: r.note } : {}), pixels: r.pixels }
              : { ok: false, reason: r.reason, hash: r.hash };
            if (!r.ok) logger.warn(`skipping ${chunkPaths[i]}: ${r.reason}`);
            else if (r.note) logger.info(`${chunkPaths[i]}: ${r.note}`);
            done++;
            o.onProgress?.({ phase, done: Math.min(done, o.paths.length), total: o.paths.length });
          });
          decoded += chunkPaths.length;
          const okOnes = results.filter((r) => r.ok);
          const entries = results.map(({ pixels: _p, ...e }) => e);
          const head = encodeHeader({ version: 1, key, bytesPerImage, start, entries });
          const body = new Uint8Array(head.length + okOnes.length * bytesPerImage);
          body.set(head, 0);
          okOnes.forEach((r, j) => body.set(r.pixels as Uint8Array, head.length + j * bytesPerImage));
          await writeFileAtomic(chunkFile(k), body);
        }
      } finally {
        await pool.close();
      }
      await consolidate(file, key, bytesPerImage, Array.from({ length: nChunks }, (_, k) => chunkFile(k)), o.paths.length);
      await rm(partsDir, { recursive: true, force: true });
      opened = await openStore(file, o.memoryBudgetBytes);
      if (!opened) throw new Error(`pixel cache ${file} vanished right after it was written`);
    }
  } finally {
    await release?.();
  }
  const entries = opened.header.entries;
  const slotOf = new Int32Array(entries.length).fill(-1);
  let slot = 0;
  entries.forEach((e, i) => {
    if (e.ok) slotOf[i] = slot++;
  });
  return { file, hit, decoded, entries, slotOf, store: opened.store };
}
