import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../run-handler';
import { dataInspectCommand } from './data-inspect';
import { dataSynthCommand } from './data-synth';

/** `medimg data <synth|inspect>`: dataset tools. */
export const dataCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'data <command>',
  describe: 'Dataset tools: synth (generate synthetic X-rays), inspect (check a folder)',
  builder: (y) => y.command(dataSynthCommand).command(dataInspectCommand).demandCommand(1, 'Choose data synth or data inspect.'),
  handler: () => undefined,
};
