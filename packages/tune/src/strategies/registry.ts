import { ValidationError } from '@medimg/core';
import type { StrategyFactory } from '../types';

const strategies = new Map<string, StrategyFactory>();

/** Registers (or replaces) a search strategy under `name`. */
export function registerStrategy(name: string, factory: StrategyFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new ValidationError('registerStrategy', [`name must be kebab-case; got ${JSON.stringify(name)}`]);
  strategies.set(name, factory);
}

export function getStrategy(name: string): StrategyFactory {
  const factory = strategies.get(name);
  if (!factory) throw new ValidationError('getStrategy', [`unknown strategy ${JSON.stringify(name)}. Fix: use one of ${listStrategies().join(', ')} or registerStrategy() it first`]);
  return factory;
}

export function listStrategies(): string[] {
  return [...strategies.keys()].sort();
}
