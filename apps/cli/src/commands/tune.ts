import type { CommandModule } from 'yargs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@medimg/core';
import type { TrialExecutor } from '@medimg/tune';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, trainingOptions, type JsonArgs, type TrainingArgs } from '../common-options';
import { parseNumberList } from './tune-lists';
import { writeRunConfig } from '../config/write-run-config';

interface TuneArgs extends GlobalArgs, TrainingArgs, JsonArgs {
  'data-dir': string;
  out: string;
  strategy?: string;
  preset?: string;
  lr?: string;
  'batch-size'?: string;
  epochs?: number;
  trials?: number;
  parallel?: number;
  metric: string;
  direction: 'maximize' | 'minimize';
  seed: number;
  model?: string;
  'image-size'?: number;
  channels?: number;
  'val-split': number;
  eta: number;
  'min-epochs': number;
  patience: number;
  'trial-timeout'?: number;
  'trial-heap-mb'?: number;
  'retry-failed': boolean;
  'cache-dir'?: string;
  executor?: string;
  'trial-attempts': number;
}

/** `medimg tune`: hyperparameter search, each trial a `train` run in its own worker process; resumable. */
export const tuneCommand: CommandModule<GlobalArgs, TuneArgs> = {
  command: 'tune',
  describe: 'Hyperparameter search (grid, random, successive halving); rerun the same command to resume',
  builder: (y) =>
    jsonOption(trainingOptions(y, { engine: 'Training engine of every trial (see medimg train --engine)', window: "of every trial, saved with each trial's model" }), 'Print the summary as JSON instead of Markdown')
      .option('data-dir', { type: 'string', demandOption: true, describe: 'Image folder' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output: trials.jsonl, trials/<id>/, best/, summary.md, summary.json' })
      .option('strategy', { type: 'string', describe: 'grid | random | halving (default: the preset\'s, else grid)' })
      .option('preset', { type: 'string', describe: "Named search; 'refkit' = lr {0.001,0.01} x batch size {10,20}, 5 epochs, grid (the default when no --lr/--batch-size)" })
      .option('lr', { type: 'string', describe: 'Learning rates, comma-separated (e.g. 0.001,0.01)' })
      .option('batch-size', { type: 'string', describe: 'Batch sizes, comma-separated (e.g. 10,20)' })
      .option('epochs', { type: 'number', describe: 'Full budget per trial in epochs (default: the preset\'s, else 5)' })
      .option('trials', { type: 'number', describe: 'Configurations for random / halving' })
      .option('parallel', { type: 'number', describe: `Trials at once (default: the core count, ${availableParallelism()} here)` })
      .option('metric', { type: 'string', default: 'auc', describe: 'Validation metric to optimise (auc, accuracy, loss, sensitivity, ...)' })
      .option('direction', { choices: ['maximize', 'minimize'] as const, default: 'maximize' as const })
      .option('seed', { type: 'number', default: 0, describe: 'Search seed (random sampling, trial seeds)' })
      .option('model', { type: 'string', describe: 'Architecture (default: the compact default)' })
      .option('image-size', { type: 'number', describe: "Square input side (default: the architecture's)" })
      .option('channels', { type: 'number', choices: [1, 3], describe: "1 = grayscale, 3 = RGB (default: the architecture's)" })
      .option('val-split', { type: 'number', default: 0.1, describe: 'Validation fraction of train (the same split for every trial)' })
      .option('eta', { type: 'number', default: 3, describe: 'Halving: keep the top 1/eta per rung, eta x the epochs' })
      .option('min-epochs', { type: 'number', default: 1, describe: 'Halving: epochs of the first rung (at least)' })
      .option('patience', { type: 'number', default: 0, describe: 'Early stopping patience inside each trial (0 = off)' })
      .option('trial-timeout', { type: 'number', describe: 'Kill a trial after this many seconds (recorded as failed)' })
      .option('trial-heap-mb', { type: 'number', describe: 'V8 heap limit per trial worker in MB (a runaway trial fails alone)' })
      .option('retry-failed', { type: 'boolean', default: false, describe: 'Rerun trials the store records as failed' })
      .option('cache-dir', { type: 'string', describe: 'Pixel cache (default: OUT/cache)' })
      .option('executor', { type: 'string', describe: 'redis://HOST:PORT: this process is the chief, trials run on `medimg worker --redis ...` processes (default: local child processes)' })
      .option('trial-attempts', { type: 'number', default: 2, describe: 'With --executor: runs of a failing trial before it is recorded as failed' }),
  handler: runHandler<TuneArgs>(async (args, logger) => {
    const [{ tune, presets, searchSpaceFromLists, trainRunnerSpec, prepareTrainRunnerData, formatSummaryMarkdown }, { DEFAULT_ARCHITECTURE, defaultInputFor }, { parseWindow }] = await Promise.all([
      import('@medimg/tune'),
      import('@medimg/model'),
      import('@medimg/dataset'),
    ]);
    const window = parseWindow(args.window); // a bad --window fails before anything is written (exit 2)
    await writeRunConfig(args.out);
    const useLists = args.lr !== undefined || args['batch-size'] !== undefined;
    const presetName = args.preset ?? (useLists ? undefined : 'refkit');
    const preset = presetName === undefined ? undefined : presets[presetName];
    if (presetName !== undefined && !preset) throw new ValidationError('medimg tune', [`unknown --preset ${presetName}. Fix: use one of ${Object.keys(presets).join(', ')}`]);
    const lists: Record<string, number[]> = {};
    if (args.lr !== undefined) lists['lr'] = parseNumberList('--lr', args.lr);
    if (args['batch-size'] !== undefined) lists['batchSize'] = parseNumberList('--batch-size', args['batch-size']);
    const space = { ...(preset?.space ?? {}), ...(useLists ? searchSpaceFromLists(lists) : {}) };
    const architecture = args.model ?? DEFAULT_ARCHITECTURE;
    const input = defaultInputFor(architecture);
    const runnerOptions = {
      dataDir: args['data-dir'],
      imageSize: args['image-size'] ?? input.imageSize,
      channels: (args.channels ?? input.channels) as 1 | 3,
      valSplit: args['val-split'],
      cacheDir: args['cache-dir'] ?? join(args.out, 'cache'),
      window,
      architecture,
      backend: args.backend,
      engine: args.engine,
      train: { earlyStoppingPatience: args.patience },
    };
    logger.info(`tune: preparing ${runnerOptions.dataDir} at ${runnerOptions.imageSize} px once (pixel cache ${runnerOptions.cacheDir})`);
    await prepareTrainRunnerData(runnerOptions, availableParallelism(), logger);
    const strategy = args.strategy ?? preset?.strategy ?? 'grid';
    let executor: TrialExecutor | undefined;
    if (args.executor !== undefined) {
      const { redisExecutor } = await import('@medimg/distributed');
      const redis = redisExecutor({ url: args.executor, attempts: args['trial-attempts'], logger });
      await redis.ready();
      logger.info(`tune: chief on ${args.executor}; trials run on \`medimg worker --redis ${args.executor}\` processes`);
      executor = redis;
    }
    const summary = await tune({
      outDir: args.out,
      space,
      strategy,
      strategySettings: { eta: args.eta, minBudget: args['min-epochs'] },
      epochs: args.epochs ?? preset?.epochs ?? 5,
      ...(args.trials === undefined ? {} : { trials: args.trials }),
      ...(args.parallel === undefined ? {} : { parallel: args.parallel }),
      ...(args['trial-timeout'] === undefined ? {} : { trialTimeoutMs: args['trial-timeout'] * 1000 }),
      ...(args['trial-heap-mb'] === undefined ? {} : { trialHeapMb: args['trial-heap-mb'] }),
      metric: args.metric,
      direction: args.direction,
      seed: args.seed,
      retryFailed: args['retry-failed'],
      // Workers resolve the runner from their own install (the chief's absolute path may not exist there).
      runner: executor === undefined ? trainRunnerSpec() : { module: '@medimg/tune', exportName: 'trainRunner' },
      runnerOptions,
      ...(executor === undefined ? {} : { executor }),
      logger,
      onTrialStart: (trial) => logger.info(`tune: start ${trial.id}${trial.rung === undefined ? '' : ` (rung ${trial.rung})`}`),
      onTrialEpoch: (trial, p) => {
        const auc = p.metrics['val_auc'];
        logger.info(`tune: ${trial.id} epoch ${p.epoch}/${p.epochs}${auc === undefined ? '' : ` val auc ${auc.toFixed(4)}`}${p.worker === undefined ? '' : ` (worker ${p.worker})`}`);
      },
    }).finally(() => executor?.close());
    process.stdout.write(args.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummaryMarkdown(summary));
    if (summary.best === null) process.exitCode = 1;
  }),
};
