import { OptionChecker, silentLogger, type Logger, type Preprocessing } from '@medimg/core';
import { DEFAULT_THRESHOLD_POLICIES } from '@medimg/metrics';
import { DEFAULT_ARCHITECTURE, listArchitectures } from '@medimg/model';
import type { TrainOptions } from './types';
import { checkedPolicyName } from './checked-policy-name';

/** TrainOptions with every default filled in (see TrainOptions' doc comment). */
export interface ResolvedTrainOptions extends Required<Omit<TrainOptions, 'validation' | 'augment' | 'positiveClass' | 'provenance' | 'classNames' | 'preprocessing' | 'threads' | 'init' | 'split' | 'datasetDigest' | 'config' | 'dataReport' | 'thresholdPolicies' | 'thresholdSet'>> {
  thresholdSet: TrainOptions['thresholdSet'];
  threads: number | undefined;
  init: string | undefined;
  split: TrainOptions['split'];
  datasetDigest: TrainOptions['datasetDigest'];
  config: TrainOptions['config'];
  dataReport: object | undefined;
  /** Canonical names, the decision's policy (`thresholdPolicy`) first. */
  thresholdPolicies: string[];
  validation: TrainOptions['validation'];
  augment: TrainOptions['augment'];
  positiveClass: number | undefined;
  provenance: NonNullable<TrainOptions['provenance']>;
  classNames: string[];
  preprocessing: Preprocessing;
  logger: Logger;
}

/** The settings of a run: everything of TrainOptions but the image sets. */
export type TrainSettings = Omit<TrainOptions, 'train' | 'validation'>;

function checkSettings(v: OptionChecker, options: Partial<TrainSettings>): void {
  const architecture = options.architecture ?? DEFAULT_ARCHITECTURE;
  v.oneOf('architecture', architecture, listArchitectures());
  v.int('epochs', options.epochs ?? 20, 1);
  v.int('batchSize', options.batchSize ?? 32, 1);
  v.number('lr', options.lr ?? 1e-3, 1e-8, 10);
  v.string('outDir', options.outDir);
  v.int('seed', options.seed ?? 0, 0);
  v.check(options.classWeights === undefined || Array.isArray(options.classWeights) || ['balanced', 'none'].includes(options.classWeights), `classWeights must be 'balanced', 'none' or a number per class; got ${JSON.stringify(options.classWeights)}`);
  v.oneOf('schedule', options.schedule ?? 'plateau', ['plateau', 'cosine', 'none'] as const);
  v.int('earlyStoppingPatience', options.earlyStoppingPatience ?? 5, 0);
  v.oneOf('monitor', options.monitor ?? 'val_auc', ['val_loss', 'val_auc', 'val_accuracy'] as const);
  v.int('warmupEpochs', options.warmupEpochs ?? 0, 0);
  v.check(options.engine === undefined || (typeof options.engine === 'string' && options.engine.length > 0), `engine must be tfjs, onnxruntime, auto or a registered engine name; got ${JSON.stringify(options.engine)}`);
  if (options.threads !== undefined) v.int('threads', options.threads, 1);
  if (options.microBatchSize !== undefined && options.microBatchSize !== 'auto') v.int('microBatchSize', options.microBatchSize, 1);
  if (options.labelSmoothing !== undefined) v.number('labelSmoothing', options.labelSmoothing, 0, 0.49);
  if (options.ema !== undefined) v.check(options.ema === 0 || (options.ema >= 0.5 && options.ema < 1), `ema must be 0 (off) or a decay in [0.5, 1); got ${options.ema}`);
  if (options.mixup !== undefined) v.check(typeof options.mixup === 'number' && options.mixup >= 0 && options.mixup <= 10, `mixup must be 0 (off) or a Beta(alpha, alpha) alpha in (0, 10], e.g. 0.2; got ${String(options.mixup)}. Fix: --mixup 0.2`);
  if (options.swaStart !== undefined) {
    const epochs = options.epochs ?? 20;
    v.check(Number.isInteger(options.swaStart) && options.swaStart >= 0, `swaStart must be 0 (off) or the epoch (1-based) averaging starts at; got ${String(options.swaStart)}. Fix: e.g. --swa-start ${Math.max(1, Math.ceil(epochs * 0.6))}`);
    v.check(!(options.swaStart > epochs), `swaStart ${String(options.swaStart)} is after the last epoch (${epochs}): no snapshot would be averaged. Fix: --swa-start ${Math.max(1, Math.ceil(epochs * 0.6))} or fewer than --epochs`);
    v.check(!(options.swaStart > 0 && (options.ema ?? 0) > 0), `ema and swaStart both average the weights; got ema ${String(options.ema)} and swaStart ${String(options.swaStart)}. Fix: drop --ema or --swa-start`);
  }
  if (options.init !== undefined) v.string('init', options.init);
  for (const name of [options.thresholdPolicy ?? 'youden', ...(options.thresholdPolicies ?? [])]) checkedPolicyName(v, 'thresholdPolicy', name);
}

/** The decision's policy first, then the others (defaults: DEFAULT_THRESHOLD_POLICIES), canonical and unique. */
function resolvePolicies(options: TrainOptions): { thresholdPolicy: string; thresholdPolicies: string[] } {
  const v = new OptionChecker('train');
  const thresholdPolicy = checkedPolicyName(v, 'thresholdPolicy', options.thresholdPolicy ?? 'youden');
  const all = [thresholdPolicy, ...(options.thresholdPolicies ?? DEFAULT_THRESHOLD_POLICIES).map((p) => checkedPolicyName(v, 'thresholdPolicy', p))];
  v.done();
  return { thresholdPolicy, thresholdPolicies: [...new Set(all)] };
}

/**
 * Checks the settings of a run before any data is loaded (an app calls it first, so `--lr abc` fails at once):
 * throws one ValidationError listing every problem. `train` checks them again with the image sets.
 */
export function validateTrainSettings(options: Partial<TrainSettings>): void {
  const v = new OptionChecker('train');
  checkSettings(v, options);
  v.done();
}

/** Validates `options` once (all problems in one ValidationError) and applies the defaults. */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const v = new OptionChecker('train');
  const set = options.train as TrainOptions['train'] | undefined;
  v.check(set !== undefined && typeof set.batches === 'function' && set.size > 0, 'train must be a non-empty LabeledImageSet');
  const classNames = [...(options.classNames ?? set?.classNames ?? [])];
  v.check(classNames.length >= 2, `classNames must hold at least 2 classes; got ${JSON.stringify(classNames)}`);
  checkSettings(v, options);
  const architecture = options.architecture ?? DEFAULT_ARCHITECTURE;
  if (options.positiveClass !== undefined) v.int('positiveClass', options.positiveClass, 0, classNames.length - 1);
  if (options.thresholdSet !== undefined) {
    const ts = options.thresholdSet;
    v.check(typeof ts.name === 'string' && /^[a-z][a-z0-9+-]*$/.test(ts.name), `thresholdSet.name must be a lowercase name such as 'stress'; got ${JSON.stringify(ts.name)}`);
    v.check(options.validation !== undefined || ts.sets.length === 0, 'thresholdSet pools sets with validation, but no validation set was given. Fix: pass validation (a validation split > 0)');
    for (const { name, set: s } of ts.sets) v.check(s.shape.join('x') === set?.shape.join('x') && s.classNames.join(',') === classNames.join(','), `thresholdSet set ${name} must have the train images' shape and classes`);
  }
  if (set !== undefined && options.validation !== undefined) {
    v.check(options.validation.shape.join('x') === set.shape.join('x'), `validation images are ${options.validation.shape.join('x')} but train images are ${set.shape.join('x')}; load both with the same imageSize and channels`);
  }
  v.done();
  const shape = (set as TrainOptions['train']).shape;
  return {
    train: set as TrainOptions['train'],
    validation: options.validation,
    classNames,
    architecture,
    epochs: options.epochs ?? 20,
    batchSize: options.batchSize ?? 32,
    lr: options.lr ?? 1e-3,
    outDir: options.outDir,
    resume: options.resume ?? false,
    seed: options.seed ?? 0,
    classWeights: options.classWeights ?? 'balanced',
    schedule: options.schedule ?? 'plateau',
    earlyStoppingPatience: options.earlyStoppingPatience ?? 5,
    monitor: options.monitor ?? 'val_auc',
    augment: options.augment,
    warmupEpochs: options.warmupEpochs ?? 0,
    microBatchSize: options.microBatchSize ?? 'auto',
    engine: options.engine ?? 'tfjs',
    threads: options.threads,
    preprocessing: options.preprocessing ?? { imageSize: shape[0], channels: shape[2], resize: 'stretch', scale: 'in-graph' }, // scale: replaced by the model's (pixelScaleOf)
    positiveClass: options.positiveClass,
    labelSmoothing: options.labelSmoothing ?? 0,
    ema: options.ema ?? 0,
    mixup: options.mixup ?? 0,
    swaStart: options.swaStart ?? 0,
    init: options.init,
    provenance: options.provenance ?? {},
    split: options.split,
    datasetDigest: options.datasetDigest,
    config: options.config,
    dataReport: options.dataReport,
    thresholdSet: options.thresholdSet,
    ...resolvePolicies(options),
    logger: options.logger ?? silentLogger,
    callbacks: options.callbacks ?? {},
    now: options.now ?? (() => performance.now()),
  };
}
