import { ValidationError } from '@medimg/core';
import type { ParamSpec, ParamValue, SearchSpace } from '../types';

/**
 * A search space of fixed choices from plain lists: `searchSpaceFromLists({ lr: [0.001, 0.01], batchSize: [10, 20] })`.
 * Empty lists are rejected.
 */
export function searchSpaceFromLists(lists: Record<string, readonly ParamValue[]>): SearchSpace {
  const space: SearchSpace = {};
  for (const [name, values] of Object.entries(lists)) space[name] = { type: 'choice', values: [...values] };
  validateSearchSpace(space, 'searchSpaceFromLists');
  return space;
}

/** Lists every problem of a search space (empty when it is valid). */
export function searchSpaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  const entries = Object.entries(space);
  if (entries.length === 0) problems.push('space must name at least one parameter; got {}');
  for (const [name, spec] of entries) problems.push(...paramProblems(name, spec));
  return problems;
}

export function validateSearchSpace(space: SearchSpace, where: string): void {
  const problems = searchSpaceProblems(space);
  if (problems.length > 0) throw new ValidationError(where, problems);
}

function paramProblems(name: string, spec: ParamSpec): string[] {
  if (spec.type === 'choice') {
    if (!Array.isArray(spec.values) || spec.values.length === 0) return [`space.${name}.values must be a non-empty list`];
    const bad = spec.values.filter((v) => !(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))));
    return bad.length > 0 ? [`space.${name}.values must be finite numbers, strings or booleans; got ${JSON.stringify(bad)}`] : [];
  }
  if (spec.type !== 'number') return [`space.${name}.type must be 'number' or 'choice'; got ${JSON.stringify((spec as { type?: unknown }).type)}`];
  const problems: string[] = [];
  if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || spec.min > spec.max) {
    problems.push(`space.${name} needs finite min <= max; got min ${spec.min}, max ${spec.max}`);
  }
  if (spec.scale === 'log' && !(spec.min > 0)) problems.push(`space.${name} is on a log scale, so min must be > 0; got ${spec.min}`);
  if (spec.gridPoints !== undefined && !(Number.isInteger(spec.gridPoints) && spec.gridPoints >= 1)) {
    problems.push(`space.${name}.gridPoints must be an integer >= 1; got ${spec.gridPoints}`);
  }
  return problems;
}
