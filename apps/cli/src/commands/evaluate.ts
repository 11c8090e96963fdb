import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, OptionChecker, selectBackend, type BackendName } from '@medimg/core';
import { decisionThreshold } from '../decision-threshold';
import { runHandler, type GlobalArgs } from '../run-handler';
import { evaluationText } from './evaluate-text';
import { loadModelPredictor } from './predict-model';

interface EvaluateArgs extends GlobalArgs {
  model: string;
  'data-dir': string;
  split?: 'test' | 'val' | 'train' | 'none';
  external: boolean;
  threshold?: number;
  policy?: string;
  bootstrap: number;
  seed: number;
  backend: BackendName | 'auto';
  'batch-size': number;
  json: boolean;
}

/**
 * `medimg evaluate`: per-image metrics of a trained model on a split or an external folder, at the model's stored
 * threshold (or another stored operating point): 95% bootstrap intervals, calibration, every stored operating
 * point, probability histograms.
 */
export const evaluateCommand: CommandModule<GlobalArgs, EvaluateArgs> = {
  command: 'evaluate',
  describe: "Evaluate a trained model on a data split or an external folder (metrics at the model's threshold with 95% CIs, calibration, operating points, histograms)",
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'A LayersModel dir (OUT/best of medimg train), a GraphModel dir (medimg freeze) or an .onnx file (FP32 or INT8)' })
      .option('data-dir', { type: 'string', demandOption: true })
      .option('split', { choices: ['test', 'val', 'train', 'none'] as const, describe: 'Split folder to use; none = DATA_DIR/CLASS (default: test when DATA_DIR has one, else DATA_DIR/CLASS)' })
      .option('external', { type: 'boolean', default: false, describe: 'DATA_DIR is an external set (another source than the training data): reported as such' })
      .option('policy', { type: 'string', describe: "Decide at this stored operating point's threshold: youden, sensitivity:0.95, specificity:0.9, cost:5 (default: the model's decision policy)" })
      .option('threshold', { type: 'number', describe: "Decision threshold (overrides --policy; default: the model's, chosen on validation)" })
      .option('bootstrap', { type: 'number', default: 1000, describe: 'Bootstrap resamples for the 95% intervals (0 = none)' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of the bootstrap' })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('batch-size', { type: 'number', default: 32 })
      .option('json', { type: 'boolean', default: false }),
  handler: runHandler<EvaluateArgs>(async (args, logger) => {
    const [{ discoverDataset, loadSplit }, { evaluate }, { evaluationSummary }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train'), import('@medimg/metrics')]);
    const v = new OptionChecker('evaluate');
    v.int('bootstrap', args.bootstrap, 0);
    v.int('batch-size', args['batch-size'], 1);
    if (args.threshold !== undefined) v.number('threshold', args.threshold, 0, 1);
    v.done();
    await selectBackend({ backend: args.backend, logger });
    const { predictor, metadata } = await loadModelPredictor(args.model);
    try {
      const { preprocessing } = metadata;
      const decision = decisionThreshold(metadata, args);
      const layout = args.split === undefined ? await discoverDataset(args['data-dir']) : undefined;
      const split = args.split ?? (layout?.splits.some((s) => s.name === 'test') ? 'test' : 'none');
      const { set } = await loadSplit({
        dataDir: args['data-dir'], ...(split === 'none' ? {} : { split }), imageSize: preprocessing.imageSize, channels: preprocessing.channels,
        resize: preprocessing.resize, classNames: metadata.classNames, logger,
      });
      const report = await evaluate({ model: predictor, set, threshold: decision.threshold, batchSize: args['batch-size'], ...(metadata.positiveClass === null ? {} : { positiveClass: metadata.positiveClass }) });
      const summary = evaluationSummary(report.probabilities, report.labels, report.classNames.length, {
        threshold: decision.threshold, positiveClass: report.positiveClass, resamples: args.bootstrap, seed: args.seed,
        ...(metadata.operatingPoints ? { operatingPoints: metadata.operatingPoints } : {}),
        ...(metadata.calibration ? { temperature: metadata.calibration.temperature } : {}),
      });
      const setName = args.external ? 'external' : split === 'none' ? 'folder' : split;
      const setLabel = args.external ? `external set ${args['data-dir']}` : split === 'none' ? args['data-dir'] : `${split} split`;
      if (args.json) {
        const out = { model: args.model, dataDir: args['data-dir'], split, set: setName, external: args.external, images: report.size, classNames: report.classNames, policy: decision.policy, confusion: summary.multiclass.confusion, ...summary };
        process.stdout.write(JSON.stringify(out) + '\n');
        return;
      }
      process.stdout.write(evaluationText(summary, { setLabel, classNames: report.classNames, policy: decision.policy }) + '\n');
    } finally {
      predictor.dispose();
    }
  }),
};
