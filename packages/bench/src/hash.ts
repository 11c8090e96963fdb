import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelIOError } from '@medimg/core';

/**
 * sha256 (hex) of a model on disk: a file's bytes, or for a directory every regular file's name and
 * bytes in sorted order (model.json + weight shards).
 */
export async function hashModelPath(path: string): Promise<string> {
  const hash = createHash('sha256');
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ModelIOError(`Error hashing model ${path}: ${(error as Error).message}. Fix: pass an existing model file or directory.`, path, { cause: error });
  }
  if (info.isDirectory()) {
    const names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
    for (const name of names) {
      hash.update(name);
      hash.update(await readFile(join(path, name)));
    }
  } else {
    hash.update(await readFile(path));
  }
  return hash.digest('hex');
}

/** sha256 (hex) of raw weight arrays in order (in-memory models). */
export function hashArrays(arrays: readonly ArrayBufferView[]): string {
  const hash = createHash('sha256');
  for (const a of arrays) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex');
}
