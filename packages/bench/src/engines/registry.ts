import { ValidationError } from '@medimg/core';
import type { EngineFactory, EngineOptions, InferenceEngine } from '../types';

const factories = new Map<string, EngineFactory>();

/** Registers an inference engine under `name` (replacing one of the same name). */
export function registerEngine(name: string, factory: EngineFactory): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new ValidationError('registerEngine', [`name must be kebab-case; got ${JSON.stringify(name)}`]);
  factories.set(name, factory);
}

/** Names of the registered engines, sorted. */
export function listEngines(): string[] {
  return [...factories.keys()].sort();
}

/** A new, unloaded engine; throws a ValidationError naming the registered engines. */
export function createEngine(name: string, options: EngineOptions): InferenceEngine {
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new ValidationError('createEngine', [`unknown engine "${name}". Registered: ${listEngines().join(', ')}. Fix: pick one of those or registerEngine("${name}", factory).`]);
  }
  return factory(options);
}
