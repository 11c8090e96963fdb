import type { CommandModule } from 'yargs';
import { runHandler, type GlobalArgs } from '../run-handler';
import { cardSplitOptions, jsonOption, trainedModelOption, type CardSplitArgs, type JsonArgs, type TrainedModelArgs } from '../common-options';
import { createProgressLine } from '../progress-line';

interface QuantizeArgs extends GlobalArgs, TrainedModelArgs, CardSplitArgs, JsonArgs {
  'data-dir': string;
  out: string;
  'calibration-size': number;
  method: string;
  percentile: number;
  activations: 'uint8' | 'int8';
  metric: 'accuracy' | 'auc';
  tolerance: number;
  'max-trials': number;
  'cache-dir'?: string;
}

/** `medimg quantize`: FP32 ONNX -> calibrated INT8 (QDQ) ONNX with an accuracy guard; prints the Mixed Precision Statistics. */
export const quantizeCommand: CommandModule<GlobalArgs, QuantizeArgs> = {
  command: 'quantize',
  describe: 'Quantize an ONNX model to INT8 (static, QDQ) calibrated on training images, guarded by validation accuracy',
  builder: (y) =>
    cardSplitOptions(jsonOption(trainedModelOption(y, 'FP32 .onnx file (from medimg export-onnx)'), 'Print the report as JSON'))
      .option('data-dir', { type: 'string', demandOption: true, describe: "The model's training image folder; calibration and validation come from the model card's split of it" })
      .option('out', { type: 'string', demandOption: true, describe: 'INT8 .onnx file to write (the report JSON goes beside it)' })
      .option('calibration-size', { type: 'number', default: 100, describe: 'Training images used for calibration' })
      .option('method', { type: 'string', default: 'minmax', describe: 'Calibration: minmax | percentile | entropy' })
      .option('percentile', { type: 'number', default: 99.99, describe: 'Percentile of --method percentile' })
      .option('activations', { choices: ['uint8', 'int8'] as const, default: 'uint8' as const, describe: 'uint8 asymmetric or int8 symmetric activations' })
      .option('metric', { choices: ['accuracy', 'auc'] as const, default: 'accuracy' as const, describe: 'Metric that ranks candidates when none passes the guard' })
      .option('tolerance', { type: 'number', default: 0.01, describe: "Relative: at the model card's threshold, INT8 accuracy, sensitivity, specificity and AUC >= (1 - tolerance) x FP32" })
      .option('max-trials', { type: 'number', default: 20, describe: 'Candidates evaluated by the FP32 fallback search' })
      .option('cache-dir', { type: 'string', describe: 'Preprocessed image cache folder' }),
  handler: runHandler<QuantizeArgs>(async (args, logger) => {
    const { quantizeFile, formatQuantizationReport, reportFileFor } = await import('@medimg/quantize');
    const progress = createProgressLine();
    const report = await quantizeFile({
      modelFile: args.model,
      dataDir: args['data-dir'],
      outFile: args.out,
      calibrationSize: args['calibration-size'],
      method: args.method,
      percentile: args.percentile,
      activations: args.activations,
      metric: args.metric,
      tolerance: args.tolerance,
      maxTrials: args['max-trials'],
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args['val-split'] !== undefined ? { valSplit: args['val-split'] } : {}),
      ...(args['cache-dir'] !== undefined ? { cacheDir: args['cache-dir'] } : {}),
      logger,
      onProgress: (p) => progress.update(`${p.phase} ${p.done}/${p.total}`),
    });
    progress.done();
    if (args.json) {
      process.stdout.write(JSON.stringify(report) + '\n');
      return;
    }
    process.stdout.write(`int8 model: ${args.out}\nreport: ${reportFileFor(args.out)}\n\n${formatQuantizationReport(report)}`);
    if (!report.met) process.exitCode = 1;
  }),
};
