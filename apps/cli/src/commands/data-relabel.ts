import type { CommandModule } from 'yargs';
import { parseRelabelRules, relabelDataset } from '@medimg/dataset';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, type JsonArgs } from '../common-options';
import { printResult } from '../print-result';

interface DataRelabelArgs extends GlobalArgs, JsonArgs {
  'data-dir': string;
  'by-filename': string;
  out: string;
}

/** `medimg data relabel`: a new class-folder tree where files move to the class their file name says. */
export const dataRelabelCommand: CommandModule<GlobalArgs, DataRelabelArgs> = {
  command: 'relabel',
  describe: "Re-class files by their names into a new tree (hard links, else copies), e.g. Kermany's PNEUMONIA into BACTERIA/VIRUS",
  builder: (y) =>
    jsonOption(y, 'Print the result as JSON')
      .option('data-dir', { type: 'string', demandOption: true, describe: 'Dataset root: ROOT/{train,test,val}/{CLASS}/ or ROOT/{CLASS}/' })
      .option('by-filename', { type: 'string', demandOption: true, describe: "Rules MATCH=CLASS, comma-separated: a file whose name contains MATCH goes to CLASS (first rule wins; others keep their class), e.g. 'bacteria=BACTERIA,virus=VIRUS'" })
      .option('out', { type: 'string', demandOption: true, describe: 'New dataset root (must not exist or be empty; outside --data-dir)' }),
  handler: runHandler<DataRelabelArgs>(async (args, logger) => {
    const result = await relabelDataset({ dataDir: args['data-dir'], outDir: args.out, rules: parseRelabelRules(args['by-filename']), logger });
    printResult(args.json, result, () => [
      `wrote ${result.files} files to ${result.outDir} (${result.linked} hard links, ${result.copied} copies)`,
      ...Object.entries(result.counts).map(([split, counts]) => `  ${split}: ${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ')}`),
    ]);
  }),
};
