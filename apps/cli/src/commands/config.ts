import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../run-handler';
import { configPrintCommand } from './config-print';

/** The `medimg config` subcommands. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs command modules differ in their argument types
export const configSubcommands: CommandModule<any, any>[] = [configPrintCommand];

/** `medimg config print`: configuration tools. */
export const configCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'config <command>',
  describe: 'Configuration: print (the effective configuration of a command, from --config / ./medimg.config.json)',
  builder: (y) => y.command(configPrintCommand).demandCommand(1, 'Choose config print.'),
  handler: () => undefined,
};
