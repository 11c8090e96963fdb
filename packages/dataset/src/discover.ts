import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DataError } from '@medimg/core';
import { SPLIT_NAMES, type SkippedFile, type SplitName } from './types';

export const EXPECTED_LAYOUT =
  'Expected ROOT/{train,test,val}/{CLASS}/image.(jpeg|jpg|png|dcm) (e.g. chest_xray/train/NORMAL/IM-0115-0001.jpeg) ' +
  'or a single split ROOT/{CLASS}/image.(jpeg|jpg|png|dcm); DICOM files may also have no extension.';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.dcm', '.dicom']);

/** Whether a file carries the DICOM Part 10 preamble ('DICM' at byte 128): DICOM files often have no extension. */
async function hasDicomPreamble(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const b = Buffer.alloc(4);
      const { bytesRead } = await handle.read(b, 0, 4, 128);
      return bytesRead === 4 && b.toString('latin1') === 'DICM';
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Whether a file name is an image medimg reads (by extension; hidden files are not). */
export function isImageFileName(name: string): boolean {
  return !name.startsWith('.') && IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

export interface ClassFolder {
  name: string;
  dir: string;
  /** Absolute paths of candidate images (by extension), sorted. */
  files: string[];
}

export interface SplitFolder {
  /** 'root' for a single-split folder. */
  name: SplitName | 'root';
  dir: string;
  classes: ClassFolder[];
  /** Files that are not images by name (hidden files, other extensions, nested folders). */
  stray: SkippedFile[];
}

export interface DatasetLayout {
  root: string;
  layout: 'splits' | 'single';
  splits: SplitFolder[];
}

async function listDir(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: { name: string; isDir: boolean }[] = [];
  for (const e of entries) {
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) isDir = (await stat(join(dir, e.name))).isDirectory();
    out.push({ name: e.name, isDir });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function strayReason(name: string, path: string): Promise<string | null> {
  if (name.startsWith('._')) return 'macOS resource fork (AppleDouble ._ file), not an image';
  if (name.startsWith('.')) return 'hidden/system file, not an image';
  const ext = extname(name).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return null;
  if (ext === '' && (await hasDicomPreamble(path))) return null;
  return `not an image file (extension ${ext === '' ? 'none, and no DICOM preamble' : ext}; expected .jpeg, .jpg, .png, .dcm or a DICOM file)`;
}

async function readSplitFolder(name: SplitName | 'root', dir: string): Promise<SplitFolder> {
  const classes: ClassFolder[] = [];
  const stray: SkippedFile[] = [];
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry.name);
    if (!entry.isDir) {
      stray.push({ path, reason: `file outside a class folder (${(await strayReason(entry.name, path)) ?? 'image'})` });
      continue;
    }
    if (entry.name.startsWith('.')) continue;
    const files: string[] = [];
    for (const f of await listDir(path)) {
      const fp = join(path, f.name);
      if (f.isDir) {
        stray.push({ path: fp, reason: 'unexpected folder inside a class folder (not read)' });
        continue;
      }
      const reason = await strayReason(f.name, fp);
      if (reason) stray.push({ path: fp, reason });
      else files.push(fp);
    }
    classes.push({ name: entry.name, dir: path, files });
  }
  return { name, dir, classes, stray };
}

/** Finds the splits and class folders of a dataset root. Throws a DataError showing the expected layout when ROOT is not a dataset. */
export async function discoverDataset(root: string): Promise<DatasetLayout> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new DataError(`Error in dataset: data folder ${root} does not exist. ${EXPECTED_LAYOUT}`, root);
  }
  if (!info.isDirectory()) throw new DataError(`Error in dataset: ${root} is not a folder. ${EXPECTED_LAYOUT}`, root);
  const entries = (await listDir(root)).filter((e) => e.isDir && !e.name.startsWith('.'));
  const splitEntries = entries.filter((e) => (SPLIT_NAMES as readonly string[]).includes(e.name.toLowerCase()));
  if (splitEntries.length > 0) {
    const splits: SplitFolder[] = [];
    for (const e of splitEntries) splits.push(await readSplitFolder(e.name.toLowerCase() as SplitName, join(root, e.name)));
    for (const s of splits) {
      if (s.classes.length === 0) throw new DataError(`Error in dataset: split folder ${s.dir} has no class folders. ${EXPECTED_LAYOUT}`, s.dir);
    }
    return { root, layout: 'splits', splits };
  }
  if (entries.length === 0) throw new DataError(`Error in dataset: ${root} has no class or split folders, so it is not a dataset. ${EXPECTED_LAYOUT}`, root);
  const single = await readSplitFolder('root', root);
  if (single.classes.every((c) => c.files.length === 0)) {
    throw new DataError(`Error in dataset: no images found in the class folders of ${root}. ${EXPECTED_LAYOUT}`, root);
  }
  return { root, layout: 'single', splits: [single] };
}

/** The split folder to read: `split` from a split tree, or the root of a single-split folder. Clear error when missing. */
export function pickSplit(layout: DatasetLayout, split: SplitName | undefined): SplitFolder {
  if (layout.layout === 'single') {
    const only = layout.splits[0];
    if (!only) throw new DataError(`Error in dataset: ${layout.root} has no class folders. ${EXPECTED_LAYOUT}`, layout.root);
    if (split !== undefined && split !== 'train') {
      throw new DataError(`Error in dataset: split '${split}' requested but ${layout.root} is a single-split folder (no train/test/val). ${EXPECTED_LAYOUT}`, layout.root);
    }
    return only;
  }
  const name = split ?? 'train';
  const found = layout.splits.find((s) => s.name === name);
  if (!found) {
    const have = layout.splits.map((s) => s.name).join(', ');
    throw new DataError(`Error in dataset: split folder '${name}' is missing in ${layout.root} (found: ${have}). ${EXPECTED_LAYOUT} Fix: use a split that exists (${have}), or add the folder ${join(layout.root, name)}.`, join(layout.root, name));
  }
  return found;
}

/**
 * The class order of a split: `classNames` when given (every folder must be one of them, and each must have a folder),
 * else the sorted folder names.
 */
export function resolveClasses(split: SplitFolder, classNames: readonly string[] | undefined): string[] {
  const folders = split.classes.map((c) => c.name);
  if (classNames === undefined) return [...folders].sort();
  const extra = folders.filter((f) => !classNames.includes(f));
  const missing = classNames.filter((c) => !folders.includes(c));
  if (extra.length > 0 || missing.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing class folder(s) ${missing.join(', ')}`);
    if (extra.length > 0) parts.push(`unknown class folder(s) ${extra.join(', ')}`);
    throw new DataError(
      `Error in dataset: ${split.dir} has ${parts.join(' and ')}; expected exactly the classes ${classNames.join(', ')}. ` +
        `Fix: add/rename the class folders. ${EXPECTED_LAYOUT}`,
      split.dir,
    );
  }
  return [...classNames];
}
