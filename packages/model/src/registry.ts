import { ValidationError } from '@medimg/core';
import type { ArchitectureFactory, DefaultInput } from './types';

interface Entry {
  factory: ArchitectureFactory;
  defaults: DefaultInput;
}

const entries = new Map<string, Entry>();
const FALLBACK_INPUT: DefaultInput = { imageSize: 128, channels: 1 };

/**
 * Registers an architecture under `name` (replacing one of the same name). `defaults` is the input it was
 * designed for (default 128 px grayscale); `defaultInputFor(name)` returns it.
 */
export function registerArchitecture(name: string, factory: ArchitectureFactory, defaults: DefaultInput = FALLBACK_INPUT): void {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new ValidationError('registerArchitecture', [`name must be kebab-case (a-z, 0-9, -); got ${JSON.stringify(name)}`]);
  }
  entries.set(name, { factory, defaults: { ...defaults } });
}

function entry(name: string, where: string): Entry {
  const found = entries.get(name);
  if (found === undefined) {
    throw new ValidationError(where, [`unknown architecture "${name}". Registered: ${listArchitectures().join(', ')}. Fix: pick one of those or registerArchitecture("${name}", factory) first.`]);
  }
  return found;
}

/** The factory registered under `name`; throws a ValidationError listing the registered names. */
export function getArchitecture(name: string): ArchitectureFactory {
  return entry(name, 'getArchitecture').factory;
}

/** Names of all registered architectures, sorted. */
export function listArchitectures(): string[] {
  return [...entries.keys()].sort();
}

/** The input size and channels `name` was designed for (refkit-cnn: 300 px RGB). */
export function defaultInputFor(name: string): DefaultInput {
  return { ...entry(name, 'defaultInputFor').defaults };
}
