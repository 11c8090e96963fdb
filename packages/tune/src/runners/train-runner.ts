import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, ValidationError, type BackendName, type Logger, type WindowSetting } from '@medimg/core';
import { prepareData, type PreparedData } from '@medimg/dataset';
import { train, type EpochRecord, type TrainOptions } from '@medimg/train';
import { builtFile } from '../executor/package-files';
import type { Trial, TrialContext, TrialRunner, TrialRunnerResult } from '../types';

/**
 * `runnerOptions` of the train runner (JSON). Defaults: imageSize 64, channels 1, valSplit 0.1, dataSeed 42
 * (the same split for every trial), architecture: train's default, backend 'auto', cacheDir: prepareData's default,
 * window 'auto'.
 */
export interface TrainRunnerOptions {
  dataDir: string;
  imageSize?: number;
  channels?: 1 | 3;
  valSplit?: number;
  dataSeed?: number;
  cacheDir?: string;
  /** DICOM / 16-bit PNG windowing of every trial (`--window`), saved in each trial's model card. Default 'auto'. */
  window?: WindowSetting;
  architecture?: string;
  backend?: BackendName | 'auto';
  /** Training engine of every trial ('tfjs', 'onnxruntime', 'auto'); onnxruntime trials get the trial's thread share. Default: train's. */
  engine?: string;
  /** Passed to train as is (e.g. `{ earlyStoppingPatience: 0, classWeights: 'none' }`); trial params override. */
  train?: Record<string, unknown>;
}

/** Trial params the train runner understands, mapped to `train` options of the same name. */
export const TRAIN_RUNNER_PARAMS = ['lr', 'batchSize', 'architecture', 'schedule', 'earlyStoppingPatience', 'warmupEpochs', 'microBatchSize', 'classWeights', 'monitor', 'imageSize'] as const;

/**
 * The `prepareData` call the train runner makes. Call it once before a search (same runnerOptions) to fill the
 * pixel cache, so parallel trials read it instead of each decoding the images.
 */
export function prepareTrainRunnerData(options: TrainRunnerOptions, workers: number, logger: Logger): Promise<PreparedData> {
  return prepareData({
    dataDir: options.dataDir,
    imageSize: options.imageSize ?? 64,
    channels: options.channels ?? 1,
    valSplit: options.valSplit ?? 0.1,
    seed: options.dataSeed ?? 42,
    window: options.window ?? 'auto',
    workers,
    logger,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/**
 * The trial runner that trains a real model: `prepareData` on `options.dataDir`, then `train` with the trial's
 * params for `trial.budget` epochs into `<trial outDir>/train`. A trial rerun after a kill continues from its
 * last completed epoch (train's checkpoint). Metrics: the best epoch's validation metrics (auc, accuracy,
 * loss, sensitivity, specificity, threshold) plus epochsRun, trainSeconds and imagesPerSecond.
 */
export async function trainRunner(trial: Trial, context: TrialContext): Promise<TrialRunnerResult> {
  const o = context.options as Partial<TrainRunnerOptions>;
  const unknown = Object.keys(trial.params).filter((k) => !(TRAIN_RUNNER_PARAMS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new ValidationError('trainRunner', [`unknown trial params ${unknown.join(', ')}. Fix: search only ${TRAIN_RUNNER_PARAMS.join(', ')}`]);
  if (typeof o.dataDir !== 'string' || o.dataDir === '') throw new ValidationError('trainRunner', ['runnerOptions.dataDir must name the image folder']);
  await selectBackend({ backend: o.backend ?? 'auto', logger: context.logger });
  const dataOptions = { ...o, dataDir: o.dataDir, imageSize: num(trial.params['imageSize'], o.imageSize ?? 64) };
  let data: PreparedData;
  try {
    data = await prepareTrainRunnerData(dataOptions, context.threads, context.logger);
  } catch (error) {
    // Parallel trials filling the same pixel cache can collide (see prepareTrainRunnerData); the other
    // trial's cache is usually complete a moment later, so read it once more before failing the trial.
    context.logger.warn(`trainRunner: prepareData failed (${error instanceof Error ? error.message : String(error)}); retrying once`);
    await new Promise((resolve) => setTimeout(resolve, 2000 + (context.seed % 1000)));
    data = await prepareTrainRunnerData(dataOptions, context.threads, context.logger);
  }
  const outDir = join(context.outDir, 'train');
  const { imageSize: _imageSize, ...params } = trial.params;
  const [size, , channels] = data.train.shape;
  const options = {
    ...(o.architecture === undefined ? {} : { architecture: o.architecture }),
    ...o.train,
    ...(o.engine === undefined ? {} : { engine: o.engine, threads: context.threads }),
    ...params,
    train: data.train,
    validation: data.validation,
    classNames: data.classNames,
    preprocessing: { imageSize: size, channels, resize: 'stretch', scale: 'unit', window: o.window ?? 'auto' },
    epochs: trial.budget,
    seed: context.seed,
    outDir,
    resume: existsSync(join(outDir, 'checkpoint', 'state.json')),
    logger: context.logger,
    provenance: { tuneTrial: trial.id },
    callbacks: {
      onEpochEnd: (record: EpochRecord) => {
        const metrics: Record<string, number> = { loss: record.loss, seconds: record.seconds };
        for (const [name, value] of Object.entries(record.val ?? {})) if (typeof value === 'number') metrics[`val_${name}`] = value;
        context.reportEpoch?.({ epoch: record.epoch, epochs: trial.budget, metrics });
      },
    },
  } as TrainOptions;
  const result = await train(options);
  const metrics: Record<string, number> = { epochsRun: result.epochsRun, trainSeconds: result.timing.trainSeconds, imagesPerSecond: result.timing.imagesPerSecond };
  for (const [name, value] of Object.entries(result.best ?? {})) if (typeof value === 'number') metrics[name] = value;
  return { metrics, modelDir: join(outDir, 'best') };
}

/** The runner spec a worker loads for `trainRunner`: this package's built dist (needs a build). */
export function trainRunnerSpec(): TrialRunner {
  return { module: builtFile('index.cjs'), exportName: 'trainRunner' };
}
