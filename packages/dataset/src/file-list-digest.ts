import { createHash, type Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { discoverDataset } from './discover';

/**
 * Feeds `path\0size\0mtime\n` of every file into `hash` (stat in parallel batches: a sequential await per file
 * dominates a cached load of thousands of files). A missing file is recorded as such. `root` makes the paths relative.
 */
export async function hashFileStats(hash: Hash, paths: readonly string[], root?: string): Promise<void> {
  for (let at = 0; at < paths.length; at += 256) {
    const batch = paths.slice(at, at + 256);
    const lines = await Promise.all(
      batch.map((p) => {
        const name = root === undefined ? p : relative(root, p).replace(/\\/g, '/');
        return stat(p).then(
          (s) => `${name}\0${s.size}\0${s.mtimeMs}\n`,
          () => `${name}\0missing\n`,
        );
      }),
    );
    for (const line of lines) hash.update(line);
  }
}

/** SHA-256 (hex) of a file list with sizes and mtimes, paths relative to `root`: changes when any image is added, removed or rewritten. */
export async function fileStatsDigest(paths: readonly string[], root: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFileStats(hash, [...paths].sort(), root);
  return hash.digest('hex');
}

/** The contents digest of a dataset folder: every candidate image of every split (file list, sizes, mtimes). */
export async function datasetDigest(dataDir: string): Promise<string> {
  const root = resolve(dataDir);
  const layout = await discoverDataset(root);
  const files = layout.splits.flatMap((s) => s.classes.flatMap((c) => c.files));
  return fileStatsDigest(files, root);
}
