import yargs, { type CommandModule } from 'yargs';

/** One flag as the yargs definition declares it. */
export interface FlagSchema {
  type: 'string' | 'number' | 'boolean';
  array: boolean;
  choices?: readonly (string | number)[];
  default?: unknown;
}

/** Every command's flags (command path such as 'train' or 'data synth' -> kebab-case flag -> schema). */
export interface OptionSchema {
  commands: Record<string, Record<string, FlagSchema>>;
  /** Flags every command takes (--quiet, --verbose). */
  global: Record<string, FlagSchema>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs command modules differ in their argument types
type AnyCommand = CommandModule<any, any>;

/** Flags that are never configuration. */
const NOT_CONFIG = new Set(['help', 'version', 'config']);

/** The command's name (`'predict <images..>'` -> `'predict'`). */
export function commandName(c: AnyCommand): string {
  const command = Array.isArray(c.command) ? c.command[0] : c.command;
  return String(command ?? '').split(' ')[0] ?? '';
}

/** Reads the flags a yargs builder declares by running it on a fresh yargs instance (positionals of `command` left out). */
export function flagsOf(builder: AnyCommand['builder'], command = ''): Record<string, FlagSchema> {
  const positional = new Set([...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]));
  let y = yargs([]);
  if (typeof builder === 'function') y = builder(y) as typeof y;
  else if (builder) y = y.options(builder);
  const o = (y as unknown as { getOptions(): unknown }).getOptions() as {
    key: Record<string, boolean>;
    string: string[];
    number: string[];
    boolean: string[];
    array: string[];
    choices: Record<string, (string | number)[]>;
    default: Record<string, unknown>;
  };
  const out: Record<string, FlagSchema> = {};
  for (const key of Object.keys(o.key)) {
    if (NOT_CONFIG.has(key) || positional.has(key) || /[A-Z]/.test(key)) continue;
    const choices = o.choices[key];
    const type = o.number.includes(key) || (choices !== undefined && choices.every((c) => typeof c === 'number')) ? 'number' : o.boolean.includes(key) ? 'boolean' : 'string';
    out[key] = { type, array: o.array.includes(key), ...(choices ? { choices } : {}), ...(key in o.default ? { default: o.default[key] } : {}) };
  }
  return out;
}

/**
 * The one schema of every flag of every command, derived from the yargs option definitions themselves (so a new
 * flag is configurable the moment it exists). `subcommands` lists the commands nested under a command (data synth ...).
 */
export function buildOptionSchema(commands: readonly AnyCommand[], subcommands: Record<string, readonly AnyCommand[]>, global: AnyCommand['builder']): OptionSchema {
  const out: OptionSchema['commands'] = {};
  for (const c of commands) {
    const name = commandName(c);
    const nested = subcommands[name];
    const text = (c: AnyCommand): string => String(Array.isArray(c.command) ? c.command[0] : c.command);
    if (nested && nested.length > 0) for (const s of nested) out[`${name} ${commandName(s)}`] = flagsOf(s.builder, text(s));
    else out[name] = flagsOf(c.builder, text(c));
  }
  return { commands: out, global: flagsOf(global) };
}
