import type { OpSpec } from './types';

const specs = new Map<string, OpSpec>();

/** Registers (or replaces) the shape rule, macro expansion and gradient rule of `opType`. */
export function registerOp(opType: string, spec: OpSpec): void {
  specs.set(opType, spec);
}

/** The spec registered for `opType`, or undefined. */
export function opSpec(opType: string): OpSpec | undefined {
  return specs.get(opType);
}

/** Op types with a gradient rule, sorted. */
export function differentiableOps(): string[] {
  return [...specs.entries()].filter(([, s]) => s.grad !== undefined).map(([k]) => k).sort();
}
