import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ValidationError } from '@medimg/core';
import type { FlagSchema, OptionSchema } from './option-schema';

/** The file `medimg` reads from the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = 'medimg.config.json';

/** A validated configuration: flat flag values per command path, plus the values for every command. */
export interface LoadedConfig {
  file: string;
  /** Keys at the top level (apply to every command that has the flag). */
  all: Record<string, unknown>;
  /** Per-command sections ('train', 'data synth'), kebab-case keys. */
  sections: Record<string, Record<string, unknown>>;
}

/** `imageSize` -> `image-size`. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function describeType(f: FlagSchema): string {
  const base = f.choices ? `one of ${f.choices.map((c) => JSON.stringify(c)).join(', ')}` : `a ${f.type}`;
  return f.array ? `an array of ${f.choices ? `values ${base}` : `${f.type}s`}` : base;
}

function valueOk(f: FlagSchema, v: unknown): boolean {
  const one = (x: unknown): boolean => {
    if (f.choices) return f.choices.includes(x as string | number);
    if (f.type === 'number') return typeof x === 'number' && Number.isFinite(x);
    return typeof x === f.type;
  };
  return f.array ? Array.isArray(v) && v.every(one) : one(v);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a parsed configuration object against the schema. Keys are flags' long names (kebab-case or camelCase);
 * a key whose name is a command (`"train": {...}`, `"data": {"synth": {...}}`) is that command's section. Every
 * problem is listed at once, each naming its key.
 */
export function validateConfig(raw: unknown, schema: OptionSchema, file: string): LoadedConfig {
  const problems: string[] = [];
  if (!isObject(raw)) throw new ValidationError(`config ${file}`, [`expected a JSON object of flags, e.g. {"image-size": 224, "train": {"epochs": 5}}; got ${JSON.stringify(raw)}`]);
  const allFlags = new Map<string, FlagSchema>(Object.entries(schema.global));
  for (const flags of Object.values(schema.commands)) for (const [k, f] of Object.entries(flags)) if (!allFlags.has(k)) allFlags.set(k, f);
  const commandRoots = new Set(Object.keys(schema.commands).map((c) => c.split(' ')[0] as string));
  const all: Record<string, unknown> = {};
  const sections: Record<string, Record<string, unknown>> = {};
  const section = (path: string, obj: Record<string, unknown>, label: string): void => {
    const flags = { ...schema.global, ...schema.commands[path] };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) {
      const name = kebab(key);
      const f = flags[name];
      if (f === undefined) problems.push(`${label}.${key} is not a flag of medimg ${path} (its flags: ${Object.keys(flags).join(', ')})`);
      else if (!valueOk(f, value)) problems.push(`${label}.${key} must be ${describeType(f)}; got ${JSON.stringify(value)}`);
      else if (name in out) problems.push(`${label}.${key} is given twice (as kebab-case and camelCase)`);
      else out[name] = value;
    }
    sections[path] = out;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (commandRoots.has(key) && isObject(value)) {
      if (schema.commands[key]) section(key, value, key);
      else {
        for (const [sub, body] of Object.entries(value)) {
          const path = `${key} ${sub}`;
          if (!schema.commands[path]) problems.push(`${key}.${sub} is not a command (medimg ${key} has ${Object.keys(schema.commands).filter((c) => c.startsWith(`${key} `)).map((c) => c.split(' ')[1]).join(', ')})`);
          else if (!isObject(body)) problems.push(`${key}.${sub} must be an object of flags; got ${JSON.stringify(body)}`);
          else section(path, body, `${key}.${sub}`);
        }
      }
      continue;
    }
    const name = kebab(key);
    const f = allFlags.get(name);
    if (f === undefined) problems.push(`${key} is not a flag of any medimg command (nor a command section). Fix: use a flag's long name, e.g. "image-size"`);
    else if (!valueOk(f, value)) problems.push(`${key} must be ${describeType(f)}; got ${JSON.stringify(value)}`);
    else if (name in all) problems.push(`${key} is given twice (as kebab-case and camelCase)`);
    else all[name] = value;
  }
  if (problems.length > 0) throw new ValidationError(`config ${file}`, problems);
  return { file, all, sections };
}

/**
 * Reads the configuration: `explicit` (--config) when given (it must exist), else ./medimg.config.json when present,
 * else null. Parse errors name the file and the fix.
 */
export function loadConfig(explicit: string | undefined, schema: OptionSchema, cwd = process.cwd()): LoadedConfig | null {
  const file = explicit !== undefined ? resolve(cwd, explicit) : join(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit === undefined) return null;
    throw new ValidationError('--config', [`${file} does not exist. Fix: pass the path of a JSON file such as medimg.config.json`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`config ${file}`, [`is not valid JSON (${(error as Error).message}). Fix: correct the file (keys are flag names, e.g. {"image-size": 224})`]);
  }
  return validateConfig(raw, schema, file);
}

/** The values the configuration gives one command: top-level keys the command has, then its section (which wins). */
export function valuesFor(config: LoadedConfig, command: string, schema: OptionSchema): Record<string, unknown> {
  const flags = { ...schema.global, ...schema.commands[command] };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config.all)) if (k in flags) out[k] = v;
  return { ...out, ...config.sections[command] };
}
