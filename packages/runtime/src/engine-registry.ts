import { ValidationError } from '@medimg/core';
import type { ModelKind, PredictorEngine } from './types';

const engines = new Map<string, PredictorEngine>();

/** Registers a predictor engine under `name` (kebab-case; replaces one of the same name). */
export function registerPredictorEngine(name: string, engine: PredictorEngine): void {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new ValidationError('registerPredictorEngine', [`name must be kebab-case (a-z, 0-9, -); got ${JSON.stringify(name)}`]);
  }
  engines.set(name, engine);
}

/** Names of the registered predictor engines, sorted. */
export function listPredictorEngines(): string[] {
  return [...engines.keys()].sort();
}

/** The engine registered under `name`; throws a ValidationError naming the registered ones. */
export function getPredictorEngine(name: string): PredictorEngine {
  const engine = engines.get(name);
  if (engine === undefined) {
    throw new ValidationError('loadPredictor', [`unknown engine "${name}". Registered: ${listPredictorEngines().join(', ')}. Fix: pick one of those or registerPredictorEngine("${name}", engine) first.`]);
  }
  return engine;
}

/** The first registered engine (in name order of the built-ins' preference) that runs `kind`. */
export function defaultEngineFor(kind: ModelKind): string {
  const preferred: Record<ModelKind, string> = { 'layers-model': 'tfjs-layers', 'graph-model': 'tfjs-graph', onnx: 'onnxruntime' };
  if (engines.has(preferred[kind])) return preferred[kind];
  const found = listPredictorEngines().find((n) => engines.get(n)?.kinds.includes(kind));
  if (found === undefined) throw new ValidationError('loadPredictor', [`no registered engine runs a ${kind}. Registered: ${listPredictorEngines().join(', ')}`]);
  return found;
}
