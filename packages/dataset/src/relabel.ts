import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { DataError, OptionChecker, ValidationError, silentLogger, type Logger } from '@medimg/core';
import { discoverDataset } from './discover';

/** One file-name rule: a file whose name contains `match` (case-insensitive) moves to class `className`. */
export interface RelabelRule {
  match: string;
  className: string;
}

export interface RelabelOptions {
  /** Dataset root (`ROOT/{train,test,val}/{CLASS}` or `ROOT/{CLASS}`). */
  dataDir: string;
  /** Rules in order; the first that matches a file name wins; a file matching none keeps its class. */
  rules: readonly RelabelRule[];
  /** New dataset root; must not exist or be empty (nothing already there is overwritten). */
  outDir: string;
  logger?: Logger;
}

export interface RelabelResult {
  outDir: string;
  /** Files per split ('root' for a single-split folder) and new class. */
  counts: Record<string, Record<string, number>>;
  files: number;
  /** How the files were placed: hard links, or copies where linking failed (another file system). */
  linked: number;
  copied: number;
}

/** Parses `'bacteria=BACTERIA,virus=VIRUS'` into rules; throws a ValidationError naming the bad part. */
export function parseRelabelRules(spec: string): RelabelRule[] {
  const rules: RelabelRule[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = part.indexOf('=');
    const match = eq > 0 ? part.slice(0, eq).trim() : '';
    const className = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (match === '' || className === '' || /[\\/]/.test(className) || className.startsWith('.')) {
      throw new ValidationError('relabel', [`rule '${part}' is not MATCH=CLASS (a class name has no '/' and does not start with '.'). Fix: write rules like 'bacteria=BACTERIA,virus=VIRUS'`]);
    }
    rules.push({ match, className });
  }
  if (rules.length === 0) throw new ValidationError('relabel', [`no rules in '${spec}'. Fix: write rules like 'bacteria=BACTERIA,virus=VIRUS'`]);
  return rules;
}

/** The class a file goes to: the first rule whose text its name contains, else its current class. */
export function relabelClass(fileName: string, currentClass: string, rules: readonly RelabelRule[]): string {
  const name = fileName.toLowerCase();
  return rules.find((r) => name.includes(r.match.toLowerCase()))?.className ?? currentClass;
}

async function place(src: string, dest: string): Promise<'linked' | 'copied'> {
  try {
    await link(src, dest);
    return 'linked';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DataError(`Error in relabel: two files named ${basename(src)} go to ${dest}. Fix: rename one of them or use rules that keep them apart.`, src);
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP' && code !== 'EACCES') throw error;
    await copyFile(src, dest);
    return 'copied';
  }
}

/**
 * Writes a new class-folder tree where files move to the class their name says (e.g. Kermany's PNEUMONIA images
 * `person1_bacteria_1.jpeg` / `person1000_virus_1681.jpeg` into BACTERIA / VIRUS), keeping the split folders.
 * Files are hard-linked (copied when linking fails); stray files are left out; the source is never changed.
 */
export async function relabelDataset(options: RelabelOptions): Promise<RelabelResult> {
  const v = new OptionChecker('relabelDataset');
  v.string('dataDir', options.dataDir);
  v.string('outDir', options.outDir);
  v.check(Array.isArray(options.rules) && options.rules.length > 0, 'rules must hold at least one rule');
  v.done();
  const logger = options.logger ?? silentLogger;
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  if (outDir === dataDir || !relative(dataDir, outDir).startsWith('..')) {
    throw new DataError(`Error in relabel: --out ${outDir} is inside the source ${dataDir}. Fix: choose a folder outside the dataset.`, outDir);
  }
  const existing = await readdir(outDir).catch(() => [] as string[]);
  if (existing.length > 0) throw new DataError(`Error in relabel: ${outDir} already exists and is not empty. Fix: choose a new --out folder or delete it.`, outDir);
  const layout = await discoverDataset(dataDir);
  const counts: Record<string, Record<string, number>> = {};
  let linked = 0;
  let copied = 0;
  for (const split of layout.splits) {
    const splitOut = split.name === 'root' ? outDir : join(outDir, basename(split.dir));
    const perClass: Record<string, number> = {};
    counts[split.name] = perClass;
    for (const cls of split.classes) {
      for (const file of cls.files) {
        const target = relabelClass(basename(file), cls.name, options.rules);
        const dir = join(splitOut, target);
        if (perClass[target] === undefined) await mkdir(dir, { recursive: true });
        if ((await place(file, join(dir, basename(file)))) === 'linked') linked++;
        else copied++;
        perClass[target] = (perClass[target] ?? 0) + 1;
      }
    }
    logger.info(`relabel ${split.name}: ${Object.entries(perClass).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  if (copied > 0) logger.info(`copied ${copied} files (hard links are not possible from ${dataDir} to ${outDir})`);
  return { outDir, counts, files: linked + copied, linked, copied };
}
