import type { Arguments } from 'yargs';
import { kebab, loadConfig, valuesFor, type LoadedConfig } from './load-config';
import type { OptionSchema } from './option-schema';

/** Where each effective flag value came from. */
export type ValueSource = 'flag' | 'config' | 'default';

/** The effective configuration of one command run: what `config print` shows and RUN/config.json records. */
export interface EffectiveConfig {
  command: string;
  configFile: string | null;
  options: Record<string, unknown>;
  sources: Record<string, ValueSource>;
}

/** Flags written on the command line (long names, kebab-case; `--no-x` counts as x). */
export function explicitFlags(rawArgs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const token of rawArgs) {
    if (token === '--') break;
    if (!token.startsWith('--')) continue;
    const name = kebab(token.slice(2).split('=')[0] ?? '');
    out.add(name);
    if (name.startsWith('no-')) out.add(name.slice(3));
  }
  return out;
}

/** The command path of parsed arguments ('train', 'data synth'), or null when not a known command. */
export function commandPath(argv: Arguments, schema: OptionSchema): string | null {
  const words = argv._.map(String);
  const two = words.slice(0, 2).join(' ');
  if (schema.commands[two]) return two;
  return schema.commands[words[0] ?? ''] ? (words[0] as string) : null;
}

/** The effective options of `command`: argv values of the command's flags, with their sources. */
export function effectiveConfig(argv: Record<string, unknown>, command: string, schema: OptionSchema, explicit: Set<string>, fromConfig: Set<string>, configFile: string | null): EffectiveConfig {
  const flags = { ...schema.global, ...schema.commands[command] };
  const options: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  for (const key of Object.keys(flags).sort()) {
    if (argv[key] === undefined) continue;
    options[key] = argv[key];
    sources[key] = explicit.has(key) ? 'flag' : fromConfig.has(key) ? 'config' : 'default';
  }
  return { command, configFile, options, sources };
}

let last: EffectiveConfig | undefined;

/** The effective configuration of the command this process is running (set by the config middleware). */
export function currentConfig(): EffectiveConfig | undefined {
  return last;
}

/**
 * A yargs middleware (run before validation): loads --config FILE or ./medimg.config.json, validates it against the
 * schema and sets every configured flag the command line did not give, so explicit flags win over the file and the
 * file wins over defaults.
 */
export function configMiddleware(schema: OptionSchema, rawArgs: readonly string[], cwd: () => string = () => process.cwd()): (argv: Arguments) => void {
  return (argv) => {
    const command = commandPath(argv, schema);
    if (command === null) return;
    const explicit = explicitFlags(rawArgs);
    const configArg = typeof argv['config'] === 'string' ? argv['config'] : undefined;
    const config: LoadedConfig | null = loadConfig(configArg, schema, cwd());
    const fromConfig = new Set<string>();
    if (config) {
      for (const [key, value] of Object.entries(valuesFor(config, command, schema))) {
        if (explicit.has(key)) continue;
        argv[key] = value;
        const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        if (camel !== key) argv[camel] = value;
        fromConfig.add(key);
      }
    }
    last = effectiveConfig(argv, command, schema, explicit, fromConfig, config?.file ?? null);
  };
}
