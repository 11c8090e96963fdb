import type { CommandModule } from 'yargs';
import { parseWindow } from '@medimg/dataset';
import { PIPELINE_STAGES, runPipeline, type PipelineStage } from '@medimg/pipeline';
import { createProgressLine } from '../progress-line';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, trainingOptions, type JsonArgs, type TrainingArgs } from '../common-options';
import { writeRunConfig } from '../config/write-run-config';
import { currentConfig } from '../config/apply-config';

interface PipelineArgs extends GlobalArgs, TrainingArgs, JsonArgs {
  'data-dir'?: string;
  out: string;
  from?: PipelineStage;
  to?: PipelineStage;
  seed: number;
  model?: string;
  epochs?: number;
  'batch-size'?: number;
  lr?: number;
  'image-size'?: number;
  channels?: 1 | 3;
  'per-class'?: number;
  'calibration-size': number;
  method: 'minmax' | 'percentile' | 'entropy';
  tolerance: number;
}

/** `medimg pipeline`: data check -> train -> evaluate -> freeze -> ONNX -> INT8 -> evaluate INT8 -> benchmark -> report. */
export const pipelineCommand: CommandModule<GlobalArgs, PipelineArgs> = {
  command: 'pipeline',
  describe: 'Run every stage from data to report (synthetic X-rays when --data-dir is omitted)',
  builder: (y) =>
    jsonOption(trainingOptions(y, { engine: 'Training engine of the train stage (see medimg train --engine)', window: 'saved with the model' }), 'Print the result as JSON')
      .option('data-dir', { type: 'string', describe: 'Dataset root (ROOT/{train,test,val}/{CLASS}); omit to generate synthetic X-rays' })
      .option('out', { type: 'string', default: 'out/pipeline', describe: 'Output folder (one subfolder per stage, report.md, report.html)' })
      .option('from', { choices: PIPELINE_STAGES, describe: 'Rerun from this stage even if its inputs did not change' })
      .option('to', { choices: PIPELINE_STAGES, describe: 'Stop after this stage' })
      .option('seed', { type: 'number', default: 42 })
      .option('model', { type: 'string', describe: 'Architecture (default: the compact default)' })
      .option('epochs', { type: 'number' })
      .option('batch-size', { type: 'number' })
      .option('lr', { type: 'number' })
      .option('image-size', { type: 'number' })
      .option('channels', { choices: [1, 3] as const })
      .option('per-class', { type: 'number', describe: 'Synthetic train images per class (default 200)' })
      .option('calibration-size', { type: 'number', default: 100 })
      .option('method', { choices: ['minmax', 'percentile', 'entropy'] as const, default: 'minmax' as const })
      .option('tolerance', { type: 'number', default: 0.01 }),
  handler: runHandler<PipelineArgs>(async (args, logger) => {
    const progress = createProgressLine();
    await writeRunConfig(args.out);
    const result = await runPipeline(
      {
        outDir: args.out,
        ...(args['data-dir'] !== undefined ? { dataDir: args['data-dir'] } : {}),
        ...(args.from !== undefined ? { from: args.from } : {}),
        ...(args.to !== undefined ? { to: args.to } : {}),
        backend: args.backend,
        engine: args.engine,
        seed: args.seed,
        ...(args.model !== undefined ? { architecture: args.model } : {}),
        ...(args.epochs !== undefined ? { epochs: args.epochs } : {}),
        ...(args['batch-size'] !== undefined ? { batchSize: args['batch-size'] } : {}),
        ...(args.lr !== undefined ? { lr: args.lr } : {}),
        ...(args['image-size'] !== undefined ? { imageSize: args['image-size'] } : {}),
        window: parseWindow(args.window),
        ...(currentConfig() ? { config: { ...currentConfig() } } : {}),
        ...(args.channels !== undefined ? { channels: args.channels } : {}),
        ...(args['per-class'] !== undefined ? { syntheticPerClass: args['per-class'] } : {}),
        calibrationSize: args['calibration-size'],
        quantizeMethod: args.method,
        tolerance: args.tolerance,
        command: `medimg ${process.argv.slice(2).join(' ')}`,
        logger: {
          ...logger,
          info: (m, f) => {
            progress.done();
            logger.info(m, f);
          },
        },
      },
      (line) => progress.update(line),
    );
    progress.done();
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      process.stdout.write(result.stages.map((st) => `${st.stage.padEnd(14)} ${st.skipped ? 'skipped (unchanged)' : `${st.seconds.toFixed(1)} s`}`).join('\n') + '\n');
      if (result.reportMarkdown) process.stdout.write(`report: ${result.reportMarkdown}\n        ${result.reportHtml}\n`);
    }
  }),
};
