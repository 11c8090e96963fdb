import type { CommandModule } from 'yargs';
import { OptionChecker, selectBackend } from '@medimg/core';
import { cardSplitOptions, modelCommandOptions, modelWindowOption, type CardSplitArgs, type ModelCommandArgs, type ModelWindowArgs } from '../common-options';
import { decisionThreshold } from '../decision-threshold';
import { runHandler, type GlobalArgs } from '../run-handler';
import { evaluationImages, type EvaluateSplit } from './evaluate-sets';
import { runStress } from './evaluate-stress';
import { evaluationText, fittedOnLabel } from './evaluate-text';

interface EvaluateArgs extends GlobalArgs, ModelCommandArgs, CardSplitArgs, ModelWindowArgs {
  'data-dir': string;
  split?: EvaluateSplit;
  external: boolean;
  policy?: string;
  bootstrap: number;
  'bootstrap-seed': number;
  stress?: string;
  severity: number;
  'stress-seed': number;
  threshold?: number;
  'batch-size': number;
  tta: number;
  'tta-flip': boolean;
}

/**
 * `medimg evaluate`: per-image metrics of a trained model on a split or an external folder, at the model's stored
 * threshold (or another stored operating point): 95% bootstrap intervals, calibration, every stored operating
 * point, probability histograms; optionally the shift-stress suite.
 */
export const evaluateCommand: CommandModule<GlobalArgs, EvaluateArgs> = {
  command: 'evaluate',
  describe: "Evaluate a trained model on a data split or an external folder (metrics at the model's threshold with 95% CIs, calibration, operating points, histograms)",
  builder: (y) =>
    modelWindowOption(cardSplitOptions(modelCommandOptions(y, { model: 'A model: a training run directory (medimg train --out RUN; uses RUN/best), a LayersModel or GraphModel directory, or an .onnx file (FP32 or INT8)' }), 'With --split validation'))
      .option('data-dir', { type: 'string', demandOption: true })
      .option('split', { choices: ['test', 'val', 'train', 'none', 'validation'] as const, describe: 'Split folder to use; none = DATA_DIR/CLASS; validation = the held-out side of train (the model card\'s split). Default: test when DATA_DIR has one, else DATA_DIR/CLASS' })
      .option('external', { type: 'boolean', default: false, describe: 'DATA_DIR is an external set (another source than the training data): reported as such' })
      .option('policy', { type: 'string', describe: "Decide at this stored operating point's threshold: youden, sensitivity:0.95, specificity:0.9, cost:5 (default: the model's decision policy)" })
      .option('bootstrap', { type: 'number', default: 1000, describe: 'Bootstrap resamples for the 95% intervals (0 = none)' })
      .option('bootstrap-seed', { type: 'number', default: 0, describe: 'Seed of the bootstrap resampling' })
      .option('stress', { type: 'string', describe: 'Shift-stress validation: also evaluate under acquisition changes (all, or a list: contrast,gamma,noise,blur,resolution,exposure,crop)' })
      .option('severity', { type: 'number', default: 1, describe: 'With --stress: severity multiplier of every perturbation' })
      .option('stress-seed', { type: 'number', default: 1234, describe: 'With --stress: seed of the per-image perturbation parameters' })
      .option('threshold', { type: 'number', describe: "Decision threshold (overrides --policy; default: the model's, chosen on validation)" })
      .option('batch-size', { type: 'number', default: 32 })
      .option('tta', { type: 'number', default: 1, describe: 'Test-time augmentation: mean probability over the first K (1-8) deterministic views: identity, shifts of 4% right/left/down/up, 10% zoom-in, rotations of +-4 degrees. 1 = off. No horizontal flip (anatomy is lateralised)' })
      .option('tta-flip', { type: 'boolean', default: false, describe: 'With --tta: also the left-right mirror of each view (2K views; off by default: the heart is on the left)' }),
  handler: runHandler<EvaluateArgs>(async (args, logger) => {
    const [{ discoverDataset, parseWindow, ttaViews }, { evaluate }, { evaluationSummary }, { loadPredictor }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train'), import('@medimg/metrics'), import('@medimg/runtime')]);
    const v = new OptionChecker('evaluate');
    v.int('bootstrap', args.bootstrap, 0);
    v.int('batch-size', args['batch-size'], 1);
    v.int('tta', args.tta, 1, 8);
    if (args.threshold !== undefined) v.number('threshold', args.threshold, 0, 1);
    v.done();
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const predictor = await loadPredictor(args.model, { logger });
    const metadata = predictor.card;
    try {
      const decision = decisionThreshold(metadata, args);
      const split: EvaluateSplit = args.split ?? ((await discoverDataset(args['data-dir'])).splits.some((s) => s.name === 'test') ? 'test' : 'none');
      const { raw, set } = await evaluationImages({ dataDir: args['data-dir'], split, metadata, ...(args['val-split'] !== undefined ? { valSplit: args['val-split'] } : {}), ...(args.seed !== undefined ? { seed: args.seed } : {}), logger, ...(window !== undefined ? { window } : {}) });
      const threshold = decision.threshold;
      const tta = args.tta > 1 || args['tta-flip'] ? ttaViews(args.tta, { horizontalFlip: args['tta-flip'] }) : undefined;
      if (tta !== undefined) logger.info(`test-time augmentation: mean of ${tta.length} views per image`);
      const report = await evaluate({ model: predictor, set, threshold, batchSize: args['batch-size'], ...(tta !== undefined ? { tta } : {}), ...(metadata.positiveClass === null ? {} : { positiveClass: metadata.positiveClass }) });
      const stress = args.stress === undefined ? undefined : await runStress({ raw, plain: report, predictor, metadata, threshold, list: args.stress, severity: args.severity, seed: args['stress-seed'], batchSize: args['batch-size'], logger, ...(tta !== undefined ? { tta } : {}) });
      const summary = evaluationSummary(report.probabilities, report.labels, report.classNames.length, {
        threshold, positiveClass: report.positiveClass, resamples: args.bootstrap, seed: args['bootstrap-seed'],
        ...(metadata.operatingPoints ? { operatingPoints: metadata.operatingPoints } : {}),
        ...(metadata.calibration ? { temperature: metadata.calibration.temperature } : {}),
      });
      const setName = args.external ? 'external' : split === 'none' ? 'folder' : split;
      const setLabel = args.external ? `external set ${args['data-dir']}` : split === 'none' ? args['data-dir'] : `${split} split`;
      if (args.json) {
        const out = {
          model: args.model, dataDir: args['data-dir'], split, set: setName, external: args.external, images: report.size, classNames: report.classNames, policy: decision.policy, tta: tta?.length ?? 1,
          confusion: summary.multiclass.confusion, ...summary, ...(stress ? { stress: stress.json } : {}),
        };
        process.stdout.write(JSON.stringify(out) + '\n');
        return;
      }
      const lines = [evaluationText(summary, { setLabel: tta !== undefined ? `${setLabel}, test-time augmentation (${tta.length} views)` : setLabel, classNames: report.classNames, policy: decision.policy, fittedOn: fittedOnLabel(metadata.thresholdPolicy.on) })];
      if (stress) lines.push('', ...stress.lines);
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await predictor.dispose();
    }
  }),
};
