import type { Argv } from 'yargs';
import { commands, subcommands } from '../commands';
import { buildOptionSchema, type OptionSchema } from './option-schema';

/** Flags every command takes. */
export function globalOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only results and errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print debug logs' })
    .option('config', { type: 'string', describe: 'JSON file of flag values (keys: flag long names; optional per-command sections); default ./medimg.config.json when present. Explicit flags win.' });
}

let schema: OptionSchema | undefined;

/** The one schema of every medimg flag, derived from the command modules' yargs definitions (built once). */
export function cliSchema(): OptionSchema {
  if (!schema) schema = buildOptionSchema(commands, subcommands, globalOptions);
  return schema;
}
