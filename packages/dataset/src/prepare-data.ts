import { relative, resolve } from 'node:path';
import { createSplitManifest, DataError, OptionChecker, silentLogger } from '@medimg/core';
import { fileStatsDigest } from './file-list-digest';
import { checkCommon, reportBase, resolveCommon } from './common-options';
import { discoverDataset, pickSplit, resolveClasses, type SplitFolder } from './discover';
import { storeImageSet, subsetOf } from './image-set';
import { DEFAULT_PATIENT_PATTERN, patientIdOf } from './patient-id';
import { readSplit, type ReadSplit } from './read-split';
import { splitStratified, type SplitItem } from './split-stratified';
import type { DataReport, PrepareDataOptions, PreparedData, SideReport } from './types';

/** Union-find over item indices; the group ID of a component is its smallest key. */
function groupIds(keys: readonly string[], links: readonly (readonly number[])[]): string[] {
  const parent = keys.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (const members of links) for (let k = 1; k < members.length; k++) {
    const a = find(members[0] as number);
    const b = find(members[k] as number);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const minKey = new Map<number, string>();
  keys.forEach((key, i) => {
    const r = find(i);
    const cur = minKey.get(r);
    if (cur === undefined || key < cur) minKey.set(r, key);
  });
  return keys.map((_, i) => minKey.get(find(i)) as string);
}

function collect(values: readonly string[]): number[][] {
  const by = new Map<string, number[]>();
  values.forEach((v, i) => {
    if (v === '') return;
    const list = by.get(v) ?? [];
    list.push(i);
    by.set(v, list);
  });
  return [...by.values()].filter((l) => l.length > 1);
}

function side(read: ReadSplit, indices: readonly number[], patients: readonly string[]): SideReport {
  const counts: Record<string, number> = Object.fromEntries(read.set.classNames.map((c) => [c, 0]));
  for (const i of indices) {
    const name = read.set.classNames[read.set.labels[i] as number] as string;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return { images: indices.length, patients: new Set(indices.map((i) => patients[i])).size, counts };
}

/**
 * Every class needs a usable image on each side of the split (one when there is no validation split): a class folder
 * with 0 or 1 usable images would give a model that never saw the class, or a validation side without it.
 */
function checkClassSizes(folder: SplitFolder, classNames: readonly string[], counts: Record<string, number>, valSplit: number): void {
  const need = valSplit > 0 ? 2 : 1;
  const small = classNames.filter((c) => (counts[c] ?? 0) < need);
  if (small.length === 0) return;
  const dirOf = (c: string): string => folder.classes.find((k) => k.name === c)?.dir ?? c;
  const list = small.map((c) => `${dirOf(c)} (${counts[c] ?? 0} usable image${counts[c] === 1 ? '' : 's'})`).join(', ');
  throw new DataError(
    `Error in dataset: class folder ${list}: training needs at least ${need} usable image${need === 1 ? '' : 's'} per class${need === 2 ? ' (one for each side of the train/validation split)' : ''}. ` +
      `Fix: add images to the folder, or remove the folder if that class is not part of the task.`,
    dirOf(small[0] as string),
  );
}

/** One-call entry for training/eval: discover, split, decode (cached) and return LabeledImageSets. */
export async function prepareData(options: PrepareDataOptions): Promise<PreparedData> {
  const v = new OptionChecker('prepareData');
  checkCommon(v, options);
  if (options.valSplit !== undefined) v.number('valSplit', options.valSplit, 0, 0.9);
  if (options.seed !== undefined) v.int('seed', options.seed);
  if (options.patientPattern !== undefined) v.check(options.patientPattern instanceof RegExp, 'patientPattern must be a RegExp');
  v.done();
  const logger = options.logger ?? silentLogger;
  const common = resolveCommon(options);
  const valSplit = options.valSplit ?? 0.1;
  const seed = options.seed ?? 42;
  const groupByPatient = options.groupByPatient ?? true;
  const pattern = options.patientPattern ?? DEFAULT_PATIENT_PATTERN;
  const dataDir = resolve(options.dataDir);
  const layout = await discoverDataset(dataDir);
  const trainFolder = pickSplit(layout, 'train');
  const classNames = resolveClasses(trainFolder, undefined);
  const testFolder = options.includeTest && layout.layout === 'splits' ? layout.splits.find((s) => s.name === 'test') : undefined;
  if (options.includeTest && !testFolder) logger.warn(`includeTest: ${dataDir} has no test split; test is left out`);
  const testClasses = testFolder ? resolveClasses(testFolder, classNames) : undefined;
  const readOptions = { ...common, logger, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  logger.info(`reading ${trainFolder.dir} (${classNames.join(', ')}) with ${common.decode.decoder}, ${common.workers} worker(s)`);
  const train = await readSplit(trainFolder, classNames, readOptions);

  checkClassSizes(trainFolder, classNames, train.report.counts, valSplit);
  const keys = train.set.paths.map((p) => relative(trainFolder.dir, p));
  const patients = train.set.paths.map((p, i) => (groupByPatient ? patientIdOf(p, pattern) : `file:${keys[i]}`));
  // Byte-identical duplicates always stay together, as do a patient's images when grouping by patient.
  const groups = groupIds(keys, [...collect(train.hashes), ...(groupByPatient ? collect(patients) : [])]);
  const items: SplitItem[] = keys.map((key, i) => ({ key, label: train.set.labels[i] as number, group: groups[i] as string }));
  const split = splitStratified(items, { fraction: valSplit, seed });

  const test = testFolder && testClasses ? await readSplit(testFolder, testClasses, readOptions) : undefined;
  const splits: DataReport['splits'] = { [trainFolder.name]: train.report };
  if (test && testFolder) splits[testFolder.name] = test.report;
  const reads = [train, ...(test ? [test] : [])];
  const report: DataReport = {
    ...reportBase(dataDir, classNames, common, reads.map((r) => r.report)),
    splits,
    sides: { train: side(train, split.train, patients), validation: side(train, split.validation, patients), seed, valSplit, groupByPatient },
  };
  logger.info(`split ${keys.length} images: train ${split.train.length}, validation ${split.validation.length}`, { sides: report.sides });
  const manifest = createSplitManifest({
    seed, valSplit, grouping: groupByPatient ? 'patient' : 'file', stratified: true, trainCount: split.train.length,
    validationFiles: split.validation.map((i) => keys[i] as string),
  });
  return {
    classNames,
    split: manifest,
    datasetDigest: await fileStatsDigest(train.set.paths, trainFolder.dir),
    train: subsetOf({ ...train.set, normalize: common.normalize }, split.train),
    validation: subsetOf({ ...train.set, normalize: common.normalize }, split.validation),
    validationRaw: subsetOf({ ...train.set, normalize: 'none' }, split.validation),
    ...(test ? { test: storeImageSet({ ...test.set, normalize: common.normalize }) } : {}),
    report,
  };
}
