import { open, readFile } from 'node:fs/promises';
import { DataError } from '@medimg/core';

/**
 * Cache file format: 8-byte magic `MEDIMGC1`, uint32 LE header length, header JSON (utf-8), then the uint8 pixels
 * of the images whose result is ok, in entry order. The same format holds a whole set or one chunk of a decode pass.
 */
export const CACHE_MAGIC = 'MEDIMGC1';

export interface CachedEntry {
  ok: boolean;
  /** Why the image was skipped (ok = false). */
  reason?: string;
  /** sha1 of the file bytes ('' when unreadable). */
  hash: string;
  width?: number;
  height?: number;
  sourceChannels?: number;
  /** What the decoder noted (e.g. the frame used of a multi-frame DICOM). */
  note?: string;
}

export interface CacheHeader {
  version: 1;
  key: string;
  bytesPerImage: number;
  /** Index of the first entry (chunks); 0 for a whole set. */
  start: number;
  entries: CachedEntry[];
  /** CRC-32 of the pixel bytes (whole-set files): a cache whose bytes changed on disk is detected and rebuilt. */
  crc32?: number;
}

export function encodeHeader(header: CacheHeader): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(12 + json.length);
  out.write(CACHE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  return out;
}

/** Reads the header of a cache file; null when the file is missing, throws DataError when it is not a cache file. */
export async function readHeader(file: string): Promise<{ header: CacheHeader; pixelOffset: number; fileSize: number } | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('latin1', 0, 8) !== CACHE_MAGIC) throw new DataError(`Error in pixel cache: ${file} is not a medimg cache file. Fix: delete it.`, file);
    const length = head.readUInt32LE(8);
    const json = Buffer.alloc(length);
    await handle.read(json, 0, length, 12);
    const header = JSON.parse(json.toString('utf8')) as CacheHeader;
    const okCount = header.entries.filter((e) => e.ok).length;
    const pixelOffset = 12 + length;
    if (size !== pixelOffset + okCount * header.bytesPerImage) throw new DataError(`Error in pixel cache: ${file} has ${size} bytes, expected ${pixelOffset + okCount * header.bytesPerImage}. Fix: delete it.`, file);
    return { header, pixelOffset, fileSize: size };
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`Error in pixel cache: ${file} is unreadable (${(error as Error).message}). Fix: delete it.`, file, { cause: error });
  } finally {
    await handle.close();
  }
}

/** Reads a whole (small) chunk file: header + pixels. */
export async function readChunk(file: string): Promise<{ header: CacheHeader; pixels: Uint8Array } | null> {
  const info = await readHeader(file);
  if (!info) return null;
  const bytes = await readFile(file);
  return { header: info.header, pixels: new Uint8Array(bytes.buffer, bytes.byteOffset + info.pixelOffset, bytes.length - info.pixelOffset) };
}
