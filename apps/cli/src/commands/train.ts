import type { CommandModule } from 'yargs';
import { INTENSITY_NORMALIZATIONS, readModelMetadata, selectBackend, ValidationError, type IntensityNormalization } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, trainingOptions, type JsonArgs, type TrainingArgs } from '../common-options';
import { progressLine } from './train-progress';
import { resolveInitModel } from './init-model';
import { stressThresholdSet } from './evaluate-stress';
import { writeRunConfig } from '../config/write-run-config';
import { currentConfig } from '../config/apply-config';

/** The command line that ran this training (recorded in the model's provenance and card). */
function trainCommandLine(): string {
  return ['medimg', ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

interface TrainArgs extends GlobalArgs, TrainingArgs, JsonArgs {
  'data-dir': string;
  out: string;
  model?: string;
  epochs: number;
  'batch-size': number;
  lr: number;
  'image-size'?: number;
  channels?: number;
  'val-split': number;
  seed: number;
  'split-seed'?: number;
  resume: boolean;
  threads?: number;
  augment: boolean;
  'augment-preset': 'standard' | 'strong';
  'crop-scale'?: number;
  normalize?: IntensityNormalization;
  'label-smoothing': number;
  mixup: number;
  ema: number;
  'swa-start': number;
  init?: string;
  schedule: 'plateau' | 'cosine' | 'none';
  patience: number;
  monitor: 'val_loss' | 'val_auc' | 'val_accuracy';
  'warmup-epochs': number;
  'micro-batch-size'?: number;
  'class-weights': 'balanced' | 'none';
  'threshold-policy': string;
  'threshold-set': 'validation' | 'stress';
}

/** `medimg train`: prepare the data folder (patient-grouped split), train, write OUT/{best,last}, log and result. */
export const trainCommand: CommandModule<GlobalArgs, TrainArgs> = {
  command: 'train',
  describe: 'Train a classifier on an image folder (ROOT/{train,test,val}/CLASS or ROOT/CLASS)',
  builder: (y) =>
    jsonOption(
      trainingOptions(y, {
        engine: 'Training engine: onnxruntime (onnxruntime-node, multi-threaded), tfjs (--backend), auto = onnxruntime when it loads and can train the model, else tfjs',
        window: 'saved with the model',
      }),
      'Print the result as JSON',
    )
      .option('data-dir', { type: 'string', demandOption: true, describe: 'Image folder' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory (best/, last/, train-log.jsonl, checkpoint/, result.json, config.json, data-report.json)' })
      .option('model', { type: 'string', describe: 'Architecture (default: the compact default; see medimg train --help)' })
      .option('epochs', { type: 'number', default: 20 })
      .option('batch-size', { type: 'number', default: 32 })
      .option('lr', { type: 'number', default: 1e-3, describe: 'Adam learning rate' })
      .option('image-size', { type: 'number', describe: "Square input side (default: the architecture's)" })
      .option('channels', { type: 'number', choices: [1, 3], describe: "1 = grayscale, 3 = RGB (default: the architecture's)" })
      .option('val-split', { type: 'number', default: 0.1, describe: 'Validation fraction of train (patient-grouped, stratified)' })
      .option('seed', { type: 'number', default: 42, describe: 'Seed of the weight initialisation, shuffling, augmentation and dropout (and of the split, unless --split-seed)' })
      .option('split-seed', { type: 'number', describe: 'Seed of the train/validation split (default: --seed). Members of a seed ensemble need one split: --seed 43 --split-seed 42, so no member trains on another one\'s validation images' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue the run in --out from its last completed epoch' })
      .option('threads', { type: 'number', describe: 'Threads of the onnxruntime engine (default: every core)' })
      .option('augment', { type: 'boolean', default: true, describe: 'Seeded rotation/shift/zoom/brightness augmentation (--no-augment to disable)' })
      .option('augment-preset', { choices: ['standard', 'strong'] as const, default: 'standard' as const, describe: 'standard: small rotation/shift/zoom/brightness/contrast; strong: wider geometry, random resized crops (area 60-100%), gamma, noise, blur' })
      .option('crop-scale', { type: 'number', describe: 'Random resized crop: smallest crop area as a fraction of the image, 1 = off (default: 1, or 0.6 with --augment-preset strong)' })
      .option('normalize', { choices: INTENSITY_NORMALIZATIONS, describe: "Per-image intensity normalisation, recorded in the model and applied at inference: percentile (1-99% stretch) or equalize (histogram equalisation) (default: none, or the --init model's)" })
      .option('label-smoothing', { type: 'number', default: 0, describe: 'Label smoothing e: targets (1 - e) * one-hot + e / classes' })
      .option('mixup', { type: 'number', default: 0, describe: 'Mixup alpha (e.g. 0.2): each image is mixed with another of its batch, lambda ~ Beta(alpha, alpha) per image, and trains against the same mix of the two (smoothed, class-weighted) targets. 0 = off' })
      .option('ema', { type: 'number', default: 0, describe: 'Exponential moving average of the weights with this decay (e.g. 0.999); saved models use the average. 0 = off' })
      .option('swa-start', { type: 'number', default: 0, describe: 'Stochastic weight averaging: the equal-weight mean of the weights at the end of this epoch and every later one, batch-norm statistics recomputed on the training data; saved models from that epoch on use it. 0 = off; not with --ema' })
      .option('init', { type: 'string', describe: "Start from this LayersModel (fine-tuning), e.g. zoo:pneumonia or OUT/best of a run; --model, --image-size, --channels and --normalize default to the init model's" })
      .option('schedule', { choices: ['plateau', 'cosine', 'none'] as const, default: 'plateau' as const })
      .option('patience', { type: 'number', default: 5, describe: 'Early stopping patience in epochs (0 = off)' })
      .option('monitor', { choices: ['val_loss', 'val_auc', 'val_accuracy'] as const, default: 'val_auc' as const, describe: 'Validation metric for the best checkpoint, LR plateau and early stopping' })
      .option('warmup-epochs', { type: 'number', default: 0, describe: 'Epochs timed separately (reference-kit timing)' })
      .option('micro-batch-size', { type: 'number', describe: 'Images per pass with gradient accumulation (default: auto for the 4 GB wasm heap)' })
      .option('class-weights', { choices: ['balanced', 'none'] as const, default: 'balanced' as const })
      .option('threshold-policy', { type: 'string', default: 'youden', describe: 'Which validation operating point becomes the decision threshold: youden, sensitivity:0.95, specificity:0.90, cost:5 (FN/FP); all four are stored in the model card' })
      .option('threshold-set', { choices: ['validation', 'stress'] as const, default: 'validation' as const, describe: 'Fit the operating points and temperature on plain validation, or on validation pooled with its shift-stress variants (every perturbation of evaluate --stress, severity 1, seed 1234; 8x the validation work per epoch)' }),
  handler: runHandler<TrainArgs>(async (args, logger) => {
    const [{ prepareData, createAugmentation, STRONG_AUGMENTATION, parseWindow }, { train, validateTrainSettings }, { DEFAULT_ARCHITECTURE, defaultInputFor }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train'), import('@medimg/model')]);
    const init = args.init === undefined ? undefined : await resolveInitModel(args.init);
    const initMeta = init === undefined ? undefined : await readModelMetadata(init);
    const architecture = args.model ?? initMeta?.architecture ?? DEFAULT_ARCHITECTURE;
    const settings = {
      architecture,
      epochs: args.epochs,
      batchSize: args['batch-size'],
      lr: args.lr,
      outDir: args.out,
      resume: args.resume,
      seed: args.seed,
      classWeights: args['class-weights'],
      schedule: args.schedule,
      earlyStoppingPatience: args.patience,
      monitor: args.monitor,
      warmupEpochs: args['warmup-epochs'],
      microBatchSize: args['micro-batch-size'] ?? ('auto' as const),
      engine: args.engine,
      ...(args.threads === undefined ? {} : { threads: args.threads }),
      labelSmoothing: args['label-smoothing'],
      mixup: args.mixup,
      ema: args.ema,
      swaStart: args['swa-start'],
      thresholdPolicy: args['threshold-policy'],
    };
    validateTrainSettings(settings); // before any data is read: a bad flag fails at once (exit 2)
    const splitSeed = args['split-seed'];
    if (splitSeed !== undefined && (!Number.isInteger(splitSeed) || splitSeed < 0)) {
      throw new ValidationError('train', [`--split-seed must be an integer >= 0; got ${String(splitSeed)}. Fix: pass the split seed the other members used (e.g. --split-seed 42), or leave it out to use --seed`]);
    }
    const backend = await selectBackend({ backend: args.backend, logger });
    const input = initMeta?.preprocessing ?? defaultInputFor(architecture);
    const imageSize = args['image-size'] ?? input.imageSize;
    const channels = (args.channels ?? input.channels) as 1 | 3;
    const normalize = args.normalize ?? initMeta?.preprocessing.normalize ?? 'none';
    const window = parseWindow(args.window);
    const data = await prepareData({ dataDir: args['data-dir'], imageSize, channels, window, valSplit: args['val-split'], seed: args['split-seed'] ?? args.seed, normalize, logger });
    // after the data checks passed: a failed start leaves an earlier run's files as they were (train writes
    // OUT/data-report.json from dataReport)
    await writeRunConfig(args.out);
    const augmentation = {
      ...(args['augment-preset'] === 'strong' ? STRONG_AUGMENTATION : {}),
      ...(args['crop-scale'] !== undefined ? { cropScale: args['crop-scale'] } : {}),
      seed: args.seed,
    };
    const tty = process.stderr.isTTY === true && args.quiet !== true;
    let lastDraw = 0;
    const result = await train({
      ...settings,
      train: data.train,
      validation: data.validation,
      ...(args['threshold-set'] === 'stress' ? { thresholdSet: await stressThresholdSet({ raw: data.validationRaw, normalize, list: 'all', severity: 1, seed: 1234 }) } : {}),
      classNames: data.classNames,
      ...(args.augment ? { augment: createAugmentation(augmentation) } : {}),
      ...(init !== undefined ? { init } : {}),
      preprocessing: { imageSize, channels, resize: 'stretch', scale: 'in-graph', normalize, window },
      split: data.split,
      datasetDigest: data.datasetDigest,
      ...(currentConfig() ? { config: { ...currentConfig() } } : {}),
      provenance: {
        dataDir: args['data-dir'], simd: backend.simd ?? null, augment: args.augment,
        augmentPreset: args['augment-preset'], cropScale: augmentation.cropScale ?? 1, command: trainCommandLine(),
      },
      dataReport: data.report,
      logger,
      callbacks: {
        onBatchEnd: (p) => {
          // A TTY gets a live line; logs (nohup, CI) get one progress line a minute.
          if (Date.now() - lastDraw < (tty ? 250 : 60_000)) return;
          lastDraw = Date.now();
          if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
          else logger.info(progressLine(p));
        },
        onEpochEnd: () => {
          if (tty) process.stderr.write('\r\x1b[K');
        },
      },
    });
    if (args.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    const b = result.best;
    process.stdout.write(
      [
        `model: ${architecture} ${imageSize}x${imageSize}x${channels} -> ${args.out}/best (epoch ${result.bestEpoch} of ${result.epochsRun}${result.stoppedEarly ? ', stopped early' : ''})`,
        b ? `validation: accuracy ${b.accuracy.toFixed(4)}${b.auc !== undefined ? ` auc ${b.auc.toFixed(4)} sensitivity ${(b.sensitivity ?? NaN).toFixed(4)} specificity ${(b.specificity ?? NaN).toFixed(4)}` : ''} threshold ${result.threshold.toFixed(4)} (${args['threshold-policy']})` : 'validation: none',
        `timing: warm-up ${result.timing.warmupSeconds.toFixed(1)} s, training ${result.timing.trainSeconds.toFixed(1)} s, total ${result.timing.totalSeconds.toFixed(1)} s, ${result.timing.imagesPerSecond.toFixed(1)} img/s with ${result.engine}${result.engine === 'tfjs' ? ` on ${result.backend}${backend.simd ? ' (SIMD)' : ''}` : ''}`,
      ].join('\n') + '\n',
    );
  }),
};
