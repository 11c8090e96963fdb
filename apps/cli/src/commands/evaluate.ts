import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { loadModelPredictor } from './predict-model';

interface EvaluateArgs extends GlobalArgs {
  model: string;
  'data-dir': string;
  split: 'test' | 'val' | 'train' | 'none';
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
      .option('split', { choices: ['test', 'val', 'train', 'none'] as const, default: 'test' as const, describe: 'Split folder to use; none = DATA_DIR/CLASS' })
      .option('threshold', { type: 'number', describe: "Decision threshold (default: the model's, chosen on validation)" })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('batch-size', { type: 'number', default: 32 })
      .option('window', { type: 'string', describe: "DICOM / 16-bit PNG windowing: auto, full or CENTER,WIDTH (default: the model's, as trained)" })
      .option('json', { type: 'boolean', default: false }),
  handler: runHandler<EvaluateArgs>(async (args, logger) => {
    const [{ loadSplit, parseWindow }, { evaluate }] = await Promise.all([import('@medimg/dataset'), import('@medimg/train')]);
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const { predictor, metadata } = await loadModelPredictor(args.model);
    try {
      const { preprocessing } = metadata;
      const { set } = await loadSplit({
        dataDir: args['data-dir'], ...(args.split === 'none' ? {} : { split: args.split }), imageSize: preprocessing.imageSize, channels: preprocessing.channels,
        resize: preprocessing.resize, classNames: metadata.classNames, logger,
        ...(window ?? preprocessing.window ? { window: window ?? preprocessing.window } : {}),
      });
      const threshold = args.threshold ?? metadata.threshold;
      const report = await evaluate({ model: predictor, set, threshold, batchSize: args['batch-size'], ...(metadata.positiveClass === null ? {} : { positiveClass: metadata.positiveClass }) });
      const summary = { model: args.model, dataDir: args['data-dir'], split: args.split, images: report.size, classNames: report.classNames, loss: report.loss, accuracy: report.multiclass.accuracy, confusion: report.multiclass.confusion, binary: report.binary };
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
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      predictor.dispose();
    }
  }),
};
