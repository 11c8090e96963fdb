import type { CommandModule } from 'yargs';
import { OptionChecker, selectBackend, ValidationError } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { cardSplitOptions, modelCommandOptions, modelWindowOption, type CardSplitArgs, type ModelCommandArgs, type ModelWindowArgs } from '../common-options';
import { resolveModelSpec } from './predict-model';
import { evaluationImages } from './evaluate-sets';
import { stressNames, stressThresholdSet } from './evaluate-stress';
import { calibrationText } from './calibrate-text';

interface CalibrateArgs extends GlobalArgs, ModelCommandArgs, CardSplitArgs, ModelWindowArgs {
  'data-dir': string;
  policy?: string;
  'threshold-set': 'validation' | 'stress';
  stress: string;
  severity: number;
  'stress-seed': number;
  out?: string;
  'batch-size': number;
}

/**
 * `medimg calibrate`: re-fits a trained model's operating points (every policy's threshold, the decision threshold),
 * its temperature and the metrics at the threshold, on its validation split or on validation pooled with the
 * shift-stress variants, and writes them into the model card (atomically; in place, or into a copy with --out).
 */
export const calibrateCommand: CommandModule<GlobalArgs, CalibrateArgs> = {
  command: 'calibrate',
  describe: "Re-fit a trained model's decision threshold, operating points and temperature on validation or on shift-stress validation, without retraining (writes the model card)",
  builder: (y) =>
    modelWindowOption(cardSplitOptions(modelCommandOptions(y, { model: 'A trained model: a training run directory (uses RUN/best), a LayersModel or GraphModel directory, an .onnx file, or zoo:NAME (with --out)' })))
      .option('data-dir', { type: 'string', demandOption: true, describe: "The model's training data folder (its validation split comes from the model card)" })
      .option('policy', { type: 'string', describe: "The decision's operating-point policy: youden, sensitivity:0.95, specificity:0.90, cost:5 (default: the card's decision policy)" })
      .option('threshold-set', { choices: ['validation', 'stress'] as const, default: 'validation' as const, describe: 'Fit on plain validation, or on validation pooled with its shift-stress variants (--stress)' })
      .option('stress', { type: 'string', default: 'all', describe: 'With --threshold-set stress: the perturbations pooled (all, or a list: contrast,gamma,noise,blur,resolution,exposure,crop)' })
      .option('severity', { type: 'number', default: 1, describe: 'With --threshold-set stress: severity multiplier of every perturbation' })
      .option('stress-seed', { type: 'number', default: 1234, describe: 'With --threshold-set stress: seed of the per-image perturbation parameters' })
      .option('out', { type: 'string', describe: 'Write a calibrated copy here (a directory for a tfjs model, a file for .onnx) and leave the model as it is (required for zoo: models)' })
      .option('batch-size', { type: 'number', default: 32 }),
  handler: runHandler<CalibrateArgs>(async (args, logger) => {
    const [{ parseWindow, listStressPerturbations }, { calibrateCard, VALIDATION_SET }, { canonicalPolicyName }, { loadPredictor, resolveModelPath, writeCard }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train'), import('@medimg/metrics'), import('@medimg/runtime')]);
    const v = new OptionChecker('calibrate');
    v.int('batch-size', args['batch-size'], 1);
    v.number('severity', args.severity, 0, 4);
    v.int('stress-seed', args['stress-seed']);
    v.done();
    if (args.policy !== undefined) canonicalPolicyName(args.policy); // a bad --policy fails before any data is read
    if (args['threshold-set'] === 'stress') {
      const unknown = (await stressNames(args.stress)).filter((n) => !listStressPerturbations().includes(n));
      if (unknown.length > 0) throw new ValidationError('calibrate', [`--stress: unknown perturbation(s) ${unknown.join(', ')}. Fix: use all, or any of ${listStressPerturbations().join(', ')}`]);
    }
    const path = await resolveModelSpec(args.model);
    if (path !== args.model && args.out === undefined) {
      throw new ValidationError('calibrate', [`${args.model} is a packaged model (${path}); calibrate does not rewrite it. Fix: pass --out DIR for a calibrated copy`]);
    }
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const model = await resolveModelPath(path, logger);
    const predictor = await loadPredictor(model.path, { logger });
    try {
      const metadata = predictor.card;
      const { raw, set } = await evaluationImages({
        dataDir: args['data-dir'], split: 'validation', metadata, logger,
        ...(args['val-split'] !== undefined ? { valSplit: args['val-split'] } : {}), ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(window !== undefined ? { window } : {}),
      });
      const thresholdSet = args['threshold-set'] === 'stress' ? await stressThresholdSet({ raw, normalize: metadata.preprocessing.normalize, list: args.stress, severity: args.severity, seed: args['stress-seed'] }) : VALIDATION_SET;
      logger.info(`fitting on ${set.size} validation images${thresholdSet.sets.length > 0 ? ` pooled with ${thresholdSet.sets.length} stress variants (${thresholdSet.sets.map((s) => s.name).join(', ')})` : ''}`);
      const result = await calibrateCard({ predictor, card: metadata, validation: set, thresholdSet, batchSize: args['batch-size'], ...(args.policy !== undefined ? { policy: args.policy } : {}) });
      const written = await writeCard(model, result.card, args.out !== undefined ? { out: args.out } : {});
      if (args.json) {
        process.stdout.write(JSON.stringify({ model: args.model, written, policy: result.policy, thresholdSet: thresholdSet.name, previousThreshold: metadata.threshold, threshold: result.card.threshold, thresholdPolicy: result.card.thresholdPolicy, operatingPoints: result.card.operatingPoints, calibration: result.card.calibration, metrics: result.card.metrics }) + '\n');
        return;
      }
      process.stdout.write(calibrationText({ before: metadata, after: result.card, written, fit: result.fit }) + '\n');
    } finally {
      await predictor.dispose();
    }
  }),
};
