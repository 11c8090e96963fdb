import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isImageFileName } from '@medimg/dataset';

/**
 * Every image under `root` (recursive, by extension, hidden files and folders skipped), as `/`-separated paths
 * relative to `root`, in a stable order (names sorted within each folder). Streams: holds one folder's names at a time.
 */
export async function* walkImages(root: string, dir = ''): AsyncGenerator<string> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) isDir = (await stat(join(root, rel)).catch(() => undefined))?.isDirectory() ?? false;
    if (isDir) yield* walkImages(root, rel);
    else if (isImageFileName(entry.name)) yield rel;
  }
}

/** Counts the images `walkImages` yields (for progress and ETA). */
export async function countImages(root: string): Promise<number> {
  let n = 0;
  for await (const _ of walkImages(root)) n++;
  return n;
}

/** Groups a stream into arrays of `size` (the last may be shorter). */
export async function* chunked<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
