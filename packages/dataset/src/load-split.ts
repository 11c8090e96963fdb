import { resolve } from 'node:path';
import { OptionChecker, type LabeledImageSet } from '@medimg/core';
import { checkCommon, reportBase, resolveCommon } from './common-options';
import { discoverDataset, pickSplit, resolveClasses } from './discover';
import { storeImageSet } from './image-set';
import { readSplit } from './read-split';
import type { DataReport, LoadSplitOptions } from './types';

/** Loads one split (or a single-split folder) without splitting, e.g. for `medimg evaluate --split test` or calibration. */
export async function loadSplit(options: LoadSplitOptions): Promise<{ set: LabeledImageSet; report: DataReport }> {
  const v = new OptionChecker('loadSplit');
  checkCommon(v, options);
  if (options.split !== undefined) v.oneOf('split', options.split, ['train', 'test', 'val']);
  if (options.classNames !== undefined) v.check(options.classNames.length >= 1, 'classNames must list at least one class');
  v.done();
  const common = resolveCommon(options);
  const dataDir = resolve(options.dataDir);
  const layout = await discoverDataset(dataDir);
  const folder = pickSplit(layout, options.split);
  const classNames = resolveClasses(folder, options.classNames);
  const read = await readSplit(folder, classNames, {
    ...common,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const report: DataReport = { ...reportBase(dataDir, classNames, common, [read.report]), splits: { [folder.name]: read.report } };
  return { set: storeImageSet({ ...read.set, normalize: common.normalize }), report };
}
