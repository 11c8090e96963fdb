import type { Rng } from '@medimg/core';
import type { NumberParam, ParamSpec, ParamValue, Params, SearchSpace } from '../types';

/** Maps u in [0, 1] onto a number param's range (linear or log), rounded if it is an integer param. */
export function numberAt(spec: NumberParam, u: number): number {
  const value = spec.scale === 'log' ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min))) : spec.min + u * (spec.max - spec.min);
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return spec.integer ? Math.round(clamped) : roundSignificant(clamped);
}

/** Keeps params readable and hashable across platforms: 12 significant digits. */
function roundSignificant(value: number): number {
  return Number(value.toPrecision(12));
}

export function sampleParam(spec: ParamSpec, rng: Rng): ParamValue {
  if (spec.type === 'choice') return spec.values[rng.int(spec.values.length)] as ParamValue;
  return numberAt(spec, rng.next());
}

/** One random configuration. */
export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) params[name] = sampleParam(spec, rng);
  return params;
}

/** The values the grid strategy takes for one param (choices as listed; ranges as `gridPoints` evenly spaced points). */
export function gridValues(spec: ParamSpec): ParamValue[] {
  if (spec.type === 'choice') return [...spec.values];
  const points = spec.gridPoints ?? 3;
  if (points === 1 || spec.min === spec.max) return [numberAt(spec, 0.5)];
  const values = Array.from({ length: points }, (_, i) => numberAt(spec, i / (points - 1)));
  return [...new Set(values)];
}

/** Every configuration of the grid, in key order with the last key varying fastest. */
export function gridParams(space: SearchSpace): Params[] {
  let combos: Params[] = [{}];
  for (const [name, spec] of Object.entries(space)) {
    const values = gridValues(spec);
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos;
}

/** Whether every param is a fixed list (so the grid is exactly the space). */
export function isDiscreteSpace(space: SearchSpace): boolean {
  return Object.values(space).every((spec) => spec.type === 'choice');
}
