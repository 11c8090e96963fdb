import { OptionChecker, silentLogger, type Logger } from '@medimg/core';
import { listCalibrators } from './calibrators/registry';
import type { ActivationType, QuantizeMetric, QuantizeOptions } from './types';

/** `QuantizeOptions` with every default filled in. */
export interface ResolvedQuantizeOptions {
  calibrationSize: number;
  method: string;
  percentile: number;
  activations: ActivationType;
  metric: QuantizeMetric;
  tolerance: number;
  maxTrials: number;
  sensitivitySize: number;
  batchSize: number;
  excludeNodes: string[];
  seed: number;
  logger: Logger;
}

const isImageSet = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { batches?: unknown }).batches === 'function';

/** The knobs of `QuantizeOptions` with the documented defaults filled in (not yet checked). */
export function resolveKnobs(o: Omit<QuantizeOptions, 'model' | 'calibration' | 'validation'>): ResolvedQuantizeOptions {
  return {
    calibrationSize: o.calibrationSize ?? 100,
    method: o.method ?? 'minmax',
    percentile: o.percentile ?? 99.99,
    activations: o.activations ?? 'uint8',
    metric: o.metric ?? 'accuracy',
    tolerance: o.tolerance ?? 0.01,
    maxTrials: o.maxTrials ?? 20,
    sensitivitySize: o.sensitivitySize ?? 64,
    batchSize: o.batchSize ?? 8,
    excludeNodes: o.excludeNodes ?? [],
    seed: o.seed ?? 42,
    logger: o.logger ?? silentLogger,
  };
}

/** Validates the options once (all problems in one ValidationError) and fills the documented defaults. */
export function resolveQuantizeOptions(o: QuantizeOptions): ResolvedQuantizeOptions {
  const r = resolveKnobs(o);
  const v = new OptionChecker('quantize');
  checkKnobs(v, r);
  v.check(typeof o.model === 'string' || o.model instanceof Uint8Array || (typeof o.model === 'object' && o.model !== null && 'graph' in o.model), 'model must be an OnnxModel, its bytes or a file path');
  v.check(isImageSet(o.calibration), 'calibration must be a LabeledImageSet (images from the training split)');
  v.check(isImageSet(o.validation), 'validation must be a LabeledImageSet');
  if (isImageSet(o.calibration)) v.check(o.calibration.size > 0, 'calibration set is empty. Fix: point at a training split with images');
  if (isImageSet(o.validation)) v.check(o.validation.size > 0, 'validation set is empty. Fix: use a validation split with images');
  v.done();
  return r;
}

/** Checks the tuning knobs (shared by `quantize` and `quantizeFile`, which checks them before loading any image). */
export function checkKnobs(v: OptionChecker, r: ResolvedQuantizeOptions): void {
  v.int('calibrationSize', r.calibrationSize, 1);
  v.oneOf('method', r.method, listCalibrators());
  v.number('percentile', r.percentile, 50, 100);
  v.oneOf('activations', r.activations, ['uint8', 'int8']);
  v.oneOf('metric', r.metric, ['accuracy', 'auc']);
  v.number('tolerance', r.tolerance, 0, 1);
  v.int('maxTrials', r.maxTrials, 1);
  v.int('sensitivitySize', r.sensitivitySize, 1);
  v.int('batchSize', r.batchSize, 1);
  v.int('seed', r.seed);
  v.check(Array.isArray(r.excludeNodes) && r.excludeNodes.every((n) => typeof n === 'string'), 'excludeNodes must be an array of node names');
}
