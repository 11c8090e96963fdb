import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { OptionChecker, silentLogger, type Logger } from '@medimg/core';
import { loadDecodeCore } from './decode/decode-core';
import { discoverDataset } from './discover';
import { readImageHeader } from './image-header';
import type { SkippedFile, SplitName } from './types';

export interface InspectOptions {
  dataDir: string;
  logger?: Logger;
}

export interface InspectSplit {
  dir: string;
  /** Images per class (files whose header and end marker are valid). */
  counts: Record<string, number>;
  images: number;
  /** Files that would be skipped, with reasons (paths relative to dataDir). */
  skipped: SkippedFile[];
}

export interface InspectReport {
  dataDir: string;
  layout: 'splits' | 'single';
  /** Sorted class names of the first split (train when present). */
  classNames: string[];
  splits: Partial<Record<SplitName | 'root', InspectSplit>>;
  totalImages: number;
  skippedCount: number;
  /** Byte-identical files across the whole tree (relative paths), groups of 2+. */
  duplicates: { groups: number; extraCopies: number; crossSplitGroups: number; list: string[][] };
  /** Source image size range, or null when there are no images. */
  imageSize: { minWidth: number; maxWidth: number; minHeight: number; maxHeight: number } | null;
  /** Images by number of source channels (1 gray, 3 RGB, ...). */
  channels: Record<string, number>;
  formats: Record<string, number>;
}

/**
 * Counts images per split and class, names files that would be skipped (stray, non-image, truncated, unreadable
 * header), finds byte-identical duplicates and the source size range. Reads headers and end markers, not full decodes.
 */
export async function inspectDataset(options: InspectOptions): Promise<InspectReport> {
  const v = new OptionChecker('inspectDataset');
  v.string('dataDir', options.dataDir);
  v.done();
  const logger = options.logger ?? silentLogger;
  const dataDir = resolve(options.dataDir);
  const layout = await discoverDataset(dataDir);
  const core = loadDecodeCore();
  const splits: InspectReport['splits'] = {};
  const byHash = new Map<string, string[]>();
  const size = { minWidth: Infinity, maxWidth: 0, minHeight: Infinity, maxHeight: 0 };
  const channels: Record<string, number> = {};
  const formats: Record<string, number> = {};
  let total = 0;
  let skippedCount = 0;
  for (const split of layout.splits) {
    const counts: Record<string, number> = {};
    const skipped: SkippedFile[] = split.stray.map((s) => ({ path: relative(dataDir, s.path), reason: s.reason }));
    for (const cls of [...split.classes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      counts[cls.name] = 0;
      if (cls.files.length === 0) skipped.push({ path: relative(dataDir, cls.dir), reason: 'empty class folder (no .jpeg/.jpg/.png files)' });
      for (const file of cls.files) {
        const rel = relative(dataDir, file);
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (error) {
          skipped.push({ path: rel, reason: `unreadable: ${(error as Error).message}` });
          continue;
        }
        const hash = createHash('sha1').update(bytes).digest('hex');
        byHash.set(hash, [...(byHash.get(hash) ?? []), rel]);
        const bad = core.checkContainer(bytes);
        let header: { format: string; width: number; height: number; channels: number } | null = null;
        let reason = bad;
        if (!bad && core.isDicom(bytes)) {
          const d = core.dicomInfo(bytes);
          reason = d.reason;
          header = { format: 'dicom', width: d.width, height: d.height, channels: d.channels };
        } else if (!bad) header = readImageHeader(bytes);
        if (reason || !header || header.width < 1 || header.height < 1) {
          skipped.push({ path: rel, reason: reason ?? 'no readable image header (corrupt)' });
          continue;
        }
        counts[cls.name] = (counts[cls.name] ?? 0) + 1;
        total++;
        size.minWidth = Math.min(size.minWidth, header.width);
        size.maxWidth = Math.max(size.maxWidth, header.width);
        size.minHeight = Math.min(size.minHeight, header.height);
        size.maxHeight = Math.max(size.maxHeight, header.height);
        channels[String(header.channels)] = (channels[String(header.channels)] ?? 0) + 1;
        formats[header.format] = (formats[header.format] ?? 0) + 1;
      }
    }
    for (const s of skipped) logger.warn(`would skip ${s.path}: ${s.reason}`);
    skippedCount += skipped.length;
    splits[split.name] = { dir: split.dir, counts, images: Object.values(counts).reduce((a, b) => a + b, 0), skipped };
  }
  const list = [...byHash.values()].filter((g) => g.length > 1).map((g) => g.sort());
  const splitOf = (p: string): string => (layout.layout === 'splits' ? (p.split(/[\\/]/)[0] ?? '') : 'root');
  const first = layout.splits.find((s) => s.name === 'train') ?? layout.splits[0];
  return {
    dataDir,
    layout: layout.layout,
    classNames: (first?.classes.map((c) => c.name) ?? []).sort(),
    splits,
    totalImages: total,
    skippedCount,
    duplicates: {
      groups: list.length,
      extraCopies: list.reduce((s, g) => s + g.length - 1, 0),
      crossSplitGroups: list.filter((g) => new Set(g.map(splitOf)).size > 1).length,
      list,
    },
    imageSize: total > 0 ? size : null,
    channels,
    formats,
  };
}
