import type { CommandModule } from 'yargs';
import { ValidationError } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { cliSchema } from '../config/cli-schema';
import { loadConfig, valuesFor } from '../config/load-config';
import type { EffectiveConfig, ValueSource } from '../config/apply-config';

interface ConfigPrintArgs extends GlobalArgs {
  command?: string;
  config?: string;
}

/**
 * `medimg config print [--command train]`: with --command, that command's effective options (configuration file
 * over defaults) and where each came from; without, the validated file per command section.
 */
export const configPrintCommand: CommandModule<GlobalArgs, ConfigPrintArgs> = {
  command: 'print',
  describe: "Print the effective configuration (--command train: every flag of train with its value and source)",
  builder: (y) => y.option('command', { type: 'string', describe: "A command, e.g. train or 'data synth'" }),
  handler: runHandler<ConfigPrintArgs>(async (args) => {
    const schema = cliSchema();
    const config = loadConfig(args.config, schema);
    if (args.command === undefined) {
      const perCommand = Object.fromEntries(Object.keys(schema.commands).map((c) => [c, config ? valuesFor(config, c, schema) : {}]).filter(([, v]) => Object.keys(v as object).length > 0));
      process.stdout.write(JSON.stringify({ configFile: config?.file ?? null, commands: perCommand }, null, 2) + '\n');
      return;
    }
    const flags = schema.commands[args.command];
    if (!flags) throw new ValidationError('config print', [`--command ${args.command} is not a medimg command (one of ${Object.keys(schema.commands).join(', ')})`]);
    const fromFile = config ? valuesFor(config, args.command, schema) : {};
    const options: Record<string, unknown> = {};
    const sources: Record<string, ValueSource> = {};
    for (const [key, f] of Object.entries({ ...schema.global, ...flags }).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (key in fromFile) {
        options[key] = fromFile[key];
        sources[key] = 'config';
      } else if (f.default !== undefined) {
        options[key] = f.default;
        sources[key] = 'default';
      }
    }
    const out: EffectiveConfig = { command: args.command, configFile: config?.file ?? null, options, sources };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  }),
};
