import { ValidationError } from '@medimg/core';
import { registerBuiltinEngines } from './builtins';
import type { EngineContext, EngineFactory, TrainingEngine } from './types';

const engines = new Map<string, EngineFactory>();
let builtins = false;

/** The registry, with the built-in engines registered on first use (before any user registration wins). */
function registry(): Map<string, EngineFactory> {
  if (!builtins) {
    builtins = true;
    const custom = new Map(engines);
    registerBuiltinEngines();
    for (const [k, f] of custom) engines.set(k, f);
  }
  return engines;
}

/** Registers a training engine under `name` (replacing one of the same name). */
export function registerEngine(name: string, factory: EngineFactory): void {
  (builtins ? engines : registry()).set(name, factory);
}

/** Registered engine names, sorted. */
export function listEngines(): string[] {
  return [...registry().keys()].sort();
}

/** Engines `auto` tries, fastest first (onnxruntime trains compact-cnn ~5x faster than tfjs-wasm; docs/benchmarks.md). */
export const AUTO_ORDER: readonly string[] = ['onnxruntime', 'tfjs'];

/**
 * Creates the engine `name`, or for 'auto' the first of AUTO_ORDER that loads and can train this model (the reasons
 * the others were skipped are logged).
 */
export async function createEngine(name: string, context: EngineContext): Promise<TrainingEngine> {
  if (name !== 'auto') {
    const factory = registry().get(name);
    if (factory === undefined) throw new ValidationError('train', [`unknown engine "${name}". Registered: ${listEngines().join(', ')}, or auto. Fix: pass one of those.`]);
    return factory(context);
  }
  const skipped: string[] = [];
  for (const candidate of AUTO_ORDER) {
    const factory = registry().get(candidate);
    if (factory === undefined) continue;
    try {
      const engine = await factory(context);
      if (skipped.length > 0) context.logger.warn(`engine auto: using ${candidate}; skipped ${skipped.join('; ')}`);
      return engine;
    } catch (error) {
      skipped.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new ValidationError('train', [`no training engine could start: ${skipped.join('; ')}`]);
}
