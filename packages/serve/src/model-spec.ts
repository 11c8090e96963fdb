import { basename } from 'node:path';
import { ValidationError } from '@medimg/core';
import type { ServedModelSpec } from './types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The default URL name of a model path: its file or directory name without .onnx (`runs/a/model.int8.onnx` -> `model.int8`). */
export function defaultModelName(path: string): string {
  const base = basename(path.replace(/[\\/]+$/, '')).replace(/\.onnx$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.length > 0 ? cleaned.slice(0, 64) : 'model';
}

/** Parses a `--model` value: `PATH` or `NAME=PATH`. */
export function parseModelSpec(value: string): ServedModelSpec {
  const eq = value.indexOf('=');
  if (eq <= 0) return { path: value };
  const name = value.slice(0, eq);
  const path = value.slice(eq + 1);
  if (!NAME.test(name) || path.length === 0) {
    throw new ValidationError('serve --model', [`expected PATH or NAME=PATH with NAME of letters, digits, ".", "_" or "-"; got ${JSON.stringify(value)}`]);
  }
  return { name, path };
}

/** Names every spec (default names from paths) and checks they are unique and URL-safe. */
export function nameModels(specs: readonly ServedModelSpec[]): (ServedModelSpec & { name: string })[] {
  const named = specs.map((s) => ({ ...s, name: s.name ?? defaultModelName(s.path) }));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of named) {
    if (!NAME.test(s.name)) problems.push(`model name ${JSON.stringify(s.name)} must be letters, digits, ".", "_" or "-" (up to 64)`);
    if (seen.has(s.name)) problems.push(`two models are named ${JSON.stringify(s.name)}; name them with NAME=PATH`);
    seen.add(s.name);
  }
  if (named.length === 0) problems.push('no model to serve; pass at least one --model');
  if (problems.length > 0) throw new ValidationError('serve', problems);
  return named;
}
