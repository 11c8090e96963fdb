import { relative } from 'node:path';
import { DataError, silentLogger } from '@medimg/core';
import type { SplitFolder } from './discover';
import { decodeWithCache, type CachedDecodeOptions } from './pixel-cache';
import type { StoreImageSetOptions } from './image-set';
import type { SkippedFile, SplitReport } from './types';

/** How a split's images are decoded: the pixel cache's options without the per-call paths and chunking. */
export type ReadSplitOptions = Pick<CachedDecodeOptions, 'decode' | 'cacheDir' | 'workers' | 'memoryBudgetBytes' | 'logger' | 'onProgress'>;

export interface ReadSplit {
  set: StoreImageSetOptions;
  /** sha1 of each member's file bytes. */
  hashes: string[];
  report: SplitReport;
}

/** Groups of 2+ equal hashes, as paths relative to `dir`. */
export function duplicateGroups(paths: readonly string[], hashes: readonly string[], dir: string): string[][] {
  const byHash = new Map<string, string[]>();
  hashes.forEach((h, i) => {
    if (h === '') return;
    const list = byHash.get(h) ?? [];
    list.push(relative(dir, paths[i] ?? ''));
    byHash.set(h, list);
  });
  return [...byHash.values()].filter((g) => g.length > 1);
}

/** Decodes (or reads from cache) every image of one split folder with the given class order. */
export async function readSplit(folder: SplitFolder, classNames: readonly string[], o: ReadSplitOptions): Promise<ReadSplit> {
  const logger = o.logger ?? silentLogger;
  const paths: string[] = [];
  const folderLabels: number[] = [];
  const skipped: SkippedFile[] = [...folder.stray];
  const empty = folder.classes.filter((c) => c.files.length === 0).map((c) => c.dir);
  if (empty.length > 0) {
    throw new DataError(
      `Error in dataset: empty class folder(s) ${empty.join(', ')} (no image files), so that class could not be learned or scored. Fix: add images to ${empty.length === 1 ? 'it' : 'them'} or remove ${empty.length === 1 ? 'it' : 'them'}.`,
      empty[0],
    );
  }
  for (const cls of folder.classes) {
    const label = classNames.indexOf(cls.name);
    if (label < 0) throw new DataError(`Error in dataset: class folder ${cls.dir} is not one of ${classNames.join(', ')}.`, cls.dir);
    for (const f of cls.files) {
      paths.push(f);
      folderLabels.push(label);
    }
  }
  for (const s of folder.stray) logger.warn(`skipping ${s.path}: ${s.reason}`);
  const cached = await decodeWithCache({
    paths,
    decode: o.decode,
    cacheDir: o.cacheDir,
    workers: o.workers,
    memoryBudgetBytes: o.memoryBudgetBytes,
    phase: `decode ${folder.name}`,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const members: number[] = [];
  const notes: { path: string; note: string }[] = [];
  const counts: Record<string, number> = Object.fromEntries(classNames.map((c) => [c, 0]));
  let minW = Infinity, maxW = 0, minH = Infinity, maxH = 0;
  cached.entries.forEach((e, i) => {
    if (!e.ok) {
      skipped.push({ path: paths[i] ?? '', reason: e.reason ?? 'unknown' });
      return;
    }
    members.push(i);
    if (e.note) notes.push({ path: paths[i] ?? '', note: e.note });
    const name = classNames[folderLabels[i] as number] as string;
    counts[name] = (counts[name] ?? 0) + 1;
    minW = Math.min(minW, e.width ?? 0); maxW = Math.max(maxW, e.width ?? 0);
    minH = Math.min(minH, e.height ?? 0); maxH = Math.max(maxH, e.height ?? 0);
  });
  if (cached.hit) for (const s of skipped) if (!folder.stray.includes(s)) logger.warn(`skipping ${s.path}: ${s.reason}`);
  if (skipped.length > 0) {
    logger.warn(`${skipped.length} file(s) in ${folder.dir} skipped (each named above with its reason, and listed in the data report); they are left as they are. Fix: replace or remove them to use every image (medimg data inspect --data-dir DIR lists them).`);
  }
  const unreadable = folder.classes.filter((c) => counts[c.name] === 0).map((c) => c.dir);
  if (unreadable.length > 0) {
    throw new DataError(`Error in dataset: no image of class folder(s) ${unreadable.join(', ')} could be decoded (see the skipped files above). Fix: replace the unreadable files or remove the folder(s).`, unreadable[0]);
  }
  const size = o.decode.imageSize;
  const memberPaths = members.map((i) => paths[i] as string);
  const hashes = members.map((i) => cached.entries[i]?.hash ?? '');
  const report: SplitReport = {
    dir: folder.dir,
    counts,
    skipped,
    notes,
    duplicateGroups: duplicateGroups(memberPaths, hashes, folder.dir),
    cacheHit: cached.hit,
    cacheFile: cached.file,
    decoded: cached.decoded,
    inMemory: cached.store.inMemory,
    sourceSize: members.length > 0 ? { minWidth: minW, maxWidth: maxW, minHeight: minH, maxHeight: maxH } : null,
  };
  return {
    set: {
      classNames,
      shape: [size, size, o.decode.channels],
      store: cached.store,
      slots: Int32Array.from(members, (i) => cached.slotOf[i] as number),
      labels: Int32Array.from(members, (i) => folderLabels[i] as number),
      paths: memberPaths,
    },
    hashes,
    report,
  };
}
