import { onnxruntimeEngine } from './onnxruntime/onnxruntime-engine';
import { registerEngine } from './registry';
import { tfjsEngine } from './tfjs-engine';

/** Registers the built-in training engines, `tfjs` and `onnxruntime` (idempotent; runs when the package is imported). */
export function registerBuiltinEngines(): void {
  registerEngine('tfjs', tfjsEngine);
  registerEngine('onnxruntime', onnxruntimeEngine);
}
