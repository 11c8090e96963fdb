import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { evaluationImages, type EvaluateSplit } from './evaluate-sets';
import { runStress } from './evaluate-stress';
import { loadModelPredictor } from './predict-model';

interface EvaluateArgs extends GlobalArgs {
  model: string;
  'data-dir': string;
  split: EvaluateSplit;
  'val-split': number;
  seed: number;
  stress?: string;
  severity: number;
  'stress-seed': number;
  threshold?: number;
  backend: BackendName | 'auto';
  'batch-size': number;
  window?: string;
  json: boolean;
}

/** `medimg evaluate`: per-image metrics of a trained model on a split, at the model's stored threshold. */
export const evaluateCommand: CommandModule<GlobalArgs, EvaluateArgs> = {
  command: 'evaluate',
  describe: "Evaluate a trained model on a data split (accuracy, sensitivity, specificity, AUC at the model's threshold)",
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'A LayersModel dir (OUT/best of medimg train), a GraphModel dir (medimg freeze) or an .onnx file (FP32 or INT8)' })
      .option('data-dir', { type: 'string', demandOption: true })
      .option('split', { choices: ['test', 'val', 'train', 'none', 'validation'] as const, default: 'test' as const, describe: 'Split folder to use; none = DATA_DIR/CLASS; validation = the held-out side of train (as medimg train --val-split --seed)' })
      .option('val-split', { type: 'number', default: 0.1, describe: 'With --split validation: the validation fraction of train' })
      .option('seed', { type: 'number', default: 42, describe: 'With --split validation: the split seed of the training run' })
      .option('stress', { type: 'string', describe: 'Shift-stress validation: also evaluate under acquisition changes (all, or a list: contrast,gamma,noise,blur,resolution,exposure,crop)' })
      .option('severity', { type: 'number', default: 1, describe: 'With --stress: severity multiplier of every perturbation' })
      .option('stress-seed', { type: 'number', default: 1234, describe: 'With --stress: seed of the per-image perturbation parameters' })
      .option('threshold', { type: 'number', describe: "Decision threshold (default: the model's, chosen on validation)" })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('batch-size', { type: 'number', default: 32 })
      .option('window', { type: 'string', describe: "DICOM / 16-bit PNG windowing: auto, full or CENTER,WIDTH (default: the model's, as trained)" })
      .option('json', { type: 'boolean', default: false }),
  handler: runHandler<EvaluateArgs>(async (args, logger) => {
    const [{ parseWindow }, { evaluate }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train')]);
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const { predictor, metadata } = await loadModelPredictor(args.model);
    try {
      const { raw, set } = await evaluationImages({ dataDir: args['data-dir'], split: args.split, metadata, valSplit: args['val-split'], seed: args.seed, logger, ...(window !== undefined ? { window } : {}) });
      const threshold = args.threshold ?? metadata.threshold;
      const report = await evaluate({ model: predictor, set, threshold, batchSize: args['batch-size'], ...(metadata.positiveClass === null ? {} : { positiveClass: metadata.positiveClass }) });
      const stress = args.stress === undefined ? undefined : await runStress({ raw, plain: report, predictor, metadata, threshold, list: args.stress, severity: args.severity, seed: args['stress-seed'], batchSize: args['batch-size'], logger });
      const summary = { model: args.model, dataDir: args['data-dir'], split: args.split, images: report.size, classNames: report.classNames, loss: report.loss, accuracy: report.multiclass.accuracy, confusion: report.multiclass.confusion, binary: report.binary, ...(stress ? { stress: stress.json } : {}) };
      if (args.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
        return;
      }
      const b = report.binary;
      const lines = [`${report.size} images (${args.split}), loss ${report.loss.toFixed(4)}`];
      if (b) {
        lines.push(
          `accuracy ${b.accuracy.toFixed(4)}  sensitivity ${b.sensitivity.toFixed(4)}  specificity ${b.specificity.toFixed(4)}  precision ${b.precision.toFixed(4)}  f1 ${b.f1.toFixed(4)}  auc ${b.auc.toFixed(4)}  (threshold ${b.threshold.toFixed(4)})`,
          `confusion (positive = ${report.classNames[report.positiveClass ?? 1]}): tp ${b.confusion.tp}  fp ${b.confusion.fp}  tn ${b.confusion.tn}  fn ${b.confusion.fn}`,
        );
      } else {
        lines.push(`accuracy ${report.multiclass.accuracy.toFixed(4)}`, `confusion [true][predicted]: ${JSON.stringify(report.multiclass.confusion)}`);
      }
      if (stress) lines.push('', ...stress.lines);
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      predictor.dispose();
    }
  }),
};
