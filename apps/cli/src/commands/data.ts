import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../run-handler';
import { dataInspectCommand } from './data-inspect';
import { dataSynthCommand } from './data-synth';
import { dataRelabelCommand } from './data-relabel';

/** The `medimg data` subcommands. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs command modules differ in their argument types
export const dataSubcommands: CommandModule<any, any>[] = [dataSynthCommand, dataInspectCommand, dataRelabelCommand];

/** `medimg data <synth|inspect|relabel>`: dataset tools. */
export const dataCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'data <command>',
  describe: 'Dataset tools: synth (generate synthetic X-rays), inspect (check a folder), relabel (re-class files by name)',
  builder: (y) => y.command(dataSynthCommand).command(dataInspectCommand).command(dataRelabelCommand).demandCommand(1, 'Choose data synth, data inspect or data relabel.'),
  handler: () => undefined,
};
