import type { CommandModule } from 'yargs';
import { generateSyntheticXrays } from '@medimg/dataset';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, type JsonArgs } from '../common-options';

interface DataSynthArgs extends GlobalArgs, JsonArgs {
  out: string;
  'per-class': number;
  size: number;
  seed: number;
  classes: number;
}

/** `medimg data synth`: writes a chest_xray-like tree of synthetic radiographs. */
export const dataSynthCommand: CommandModule<GlobalArgs, DataSynthArgs> = {
  command: 'synth',
  describe: 'Generate synthetic chest X-rays as {train,test,val}/{NORMAL,PNEUMONIA}/*.jpeg (--classes 3: NORMAL/BACTERIA/VIRUS)',
  builder: (y) =>
    jsonOption(y, 'Print the result as JSON')
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
      .option('per-class', { type: 'number', default: 100, describe: 'Train images per class (test gets 1/4, val 1/10)' })
      .option('size', { type: 'number', default: 224, describe: 'Image side in pixels' })
      .option('seed', { type: 'number', default: 42 })
      .option('classes', { type: 'number', default: 2, describe: 'Number of distinguishable classes, 2-8 (2: NORMAL/PNEUMONIA, 3: NORMAL/BACTERIA/VIRUS, more: NORMAL/FINDING_k)' }),
  handler: runHandler<DataSynthArgs>(async (args, logger) => {
    let last = 0;
    const result = await generateSyntheticXrays({
      outDir: args.out,
      perClass: args['per-class'],
      size: args.size,
      seed: args.seed,
      classes: args.classes,
      onProgress: (p) => {
        if (p.done === p.total || p.done - last >= 100) {
          last = p.done;
          logger.info(`synth ${p.done}/${p.total}`);
        }
      },
    });
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      const lines = Object.entries(result.counts).map(([split, counts]) => `  ${split}: ${Object.entries(counts ?? {}).map(([c, n]) => `${c} ${n}`).join(', ')}`);
      process.stdout.write(`wrote ${result.files} images to ${result.outDir}\n${lines.join('\n')}\n`);
    }
  }),
};
