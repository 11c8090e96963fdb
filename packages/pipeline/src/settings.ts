import { OptionChecker, silentLogger, BACKEND_NAMES, type Logger, type WindowSetting } from '@medimg/core';
import { DEFAULT_ARCHITECTURE, defaultInputFor } from '@medimg/model';
import { join } from 'node:path';
import { PIPELINE_STAGES, type PipelineStage } from './stages';
import type { PipelineOptions } from './types';

/** Options with every default filled in, validated once. */
export interface PipelineSettings {
  outDir: string;
  dataDir: string;
  synthetic: boolean;
  from: PipelineStage | undefined;
  to: PipelineStage;
  backend: NonNullable<PipelineOptions['backend']>;
  engine: string;
  seed: number;
  architecture: string;
  epochs: number;
  batchSize: number;
  lr: number;
  imageSize: number;
  window: WindowSetting;
  config: Record<string, unknown> | undefined;
  channels: 1 | 3;
  syntheticPerClass: number;
  calibrationSize: number;
  tolerance: number;
  quantizeMethod: 'minmax' | 'percentile' | 'entropy';
  benchBatchSizes: number[];
  cacheDir: string | undefined;
  command: string;
  logger: Logger;
}

export function resolveSettings(options: PipelineOptions): PipelineSettings {
  const synthetic = options.dataDir === undefined;
  const architecture = options.architecture ?? DEFAULT_ARCHITECTURE;
  const v = new OptionChecker('runPipeline');
  v.string('outDir', options.outDir);
  if (options.from !== undefined) v.oneOf('from', options.from, PIPELINE_STAGES);
  if (options.to !== undefined) v.oneOf('to', options.to, PIPELINE_STAGES);
  if (options.backend !== undefined) v.oneOf('backend', options.backend, ['auto', ...BACKEND_NAMES]);
  v.done();
  const input = defaultInputFor(architecture);
  const s: PipelineSettings = {
    outDir: options.outDir,
    dataDir: options.dataDir ?? join(options.outDir, 'data', 'synthetic'),
    synthetic,
    from: options.from,
    to: options.to ?? 'report',
    backend: options.backend ?? 'auto',
    engine: options.engine ?? 'tfjs',
    seed: options.seed ?? 42,
    architecture,
    epochs: options.epochs ?? (synthetic ? 12 : 15),
    batchSize: options.batchSize ?? (synthetic ? 16 : 32),
    lr: options.lr ?? 0.001,
    imageSize: options.imageSize ?? (synthetic ? 64 : input.imageSize),
    window: options.window ?? 'auto',
    config: options.config,
    channels: options.channels ?? (synthetic ? 1 : input.channels),
    syntheticPerClass: options.syntheticPerClass ?? 200,
    calibrationSize: options.calibrationSize ?? 100,
    tolerance: options.tolerance ?? 0.01,
    quantizeMethod: options.quantizeMethod ?? 'minmax',
    benchBatchSizes: options.benchBatchSizes ?? [1, 8, 32],
    cacheDir: options.cacheDir,
    command: options.command ?? 'runPipeline()',
    logger: options.logger ?? silentLogger,
  };
  const c = new OptionChecker('runPipeline');
  c.int('seed', s.seed);
  c.int('epochs', s.epochs, 1);
  c.int('batchSize', s.batchSize, 1);
  c.number('lr', s.lr, 1e-8, 10);
  c.int('imageSize', s.imageSize, 8, 1024);
  c.oneOf('channels', s.channels, [1, 3]);
  c.int('syntheticPerClass', s.syntheticPerClass, 4);
  c.int('calibrationSize', s.calibrationSize, 1);
  c.number('tolerance', s.tolerance, 0, 1);
  c.oneOf('quantizeMethod', s.quantizeMethod, ['minmax', 'percentile', 'entropy']);
  c.check(s.benchBatchSizes.length > 0 && s.benchBatchSizes.every((b) => Number.isInteger(b) && b >= 1), `benchBatchSizes must be positive integers; got ${JSON.stringify(s.benchBatchSizes)}`);
  c.done();
  return s;
}
