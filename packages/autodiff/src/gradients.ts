import { opSpec } from './registry';
import type { GraphBuilder } from './graph-builder';
import type { TapeEntry } from './types';

/**
 * Reverse-mode differentiation of `loss` (any shape; seeded with ones) w.r.t. `wrt`, over everything recorded on
 * `b`'s tape so far. Appends the backward ops to `b` and returns the gradient value of each `wrt` name (a zeros
 * constant when `loss` does not depend on it). Each op's rule is looked up by op type (registerOp).
 */
export function appendGradients(b: GraphBuilder, loss: string, wrt: readonly string[]): Map<string, string> {
  const tape = b.tape.slice();
  const reach = new Set(wrt);
  const forward: TapeEntry[] = [];
  for (const e of tape) {
    if (e.inputs.some((i) => reach.has(i))) {
      forward.push(e);
      for (const o of e.outputs) reach.add(o);
    }
  }
  const needed = new Set([loss]);
  const active: TapeEntry[] = [];
  for (let k = forward.length - 1; k >= 0; k--) {
    const e = forward[k] as TapeEntry;
    if (!e.outputs.some((o) => needed.has(o))) continue;
    active.push(e);
    for (const i of e.inputs) if (reach.has(i)) needed.add(i);
  }
  const partials = new Map<string, string[]>();
  const summed = new Map<string, string>();
  const push = (name: string, g: string): void => {
    if (summed.has(name)) throw new RangeError(`Error in appendGradients: gradient of "${name}" was used before all its parts were known`);
    const list = partials.get(name) ?? [];
    list.push(g);
    partials.set(name, list);
  };
  const gradOf = (name: string): string | undefined => {
    const done = summed.get(name);
    if (done !== undefined) return done;
    const list = partials.get(name);
    if (list === undefined || list.length === 0) return undefined;
    let acc = list[0] as string;
    for (const g of list.slice(1)) acc = b.op1('Add', [acc, g]);
    summed.set(name, acc);
    return acc;
  };
  const lossShape = b.shape(loss);
  push(loss, b.constant(new Float32Array(lossShape.reduce((p, d) => p * d, 1)).fill(1), lossShape));
  for (const e of active) {
    const dY = e.outputs.map((o) => gradOf(o));
    if (dY.every((g) => g === undefined)) continue;
    const spec = opSpec(e.opType);
    if (spec?.grad === undefined) throw new RangeError(`Error in appendGradients: no gradient rule for ${e.opType} (outputs ${e.outputs.join(', ')}). Fix: registerOp("${e.opType}", { grad }) first.`);
    const needs = e.inputs.map((i) => i !== '' && reach.has(i) && needed.has(i));
    const grads = spec.grad({ b, entry: e, inputShapes: e.inputs.map((i) => (i === '' ? [] : b.shape(i))), outputShapes: e.outputs.map((o) => b.shape(o)), dY, needs });
    grads.forEach((g, k) => {
      const input = e.inputs[k];
      if (g !== undefined && input !== undefined && needs[k]) push(input, g);
    });
  }
  const result = new Map<string, string>();
  for (const w of wrt) result.set(w, gradOf(w) ?? b.constant(new Float32Array(b.shape(w).reduce((p, d) => p * d, 1)), b.shape(w)));
  return result;
}
