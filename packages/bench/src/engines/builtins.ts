import { onnxruntimeEngine } from './onnxruntime';
import { registerEngine } from './registry';
import { tfjsGraphEngine } from './tfjs-graph';
import { tfjsLayersEngine } from './tfjs-layers';

/** Registers tfjs-layers, tfjs-graph, onnxruntime (FP32) and onnxruntime-int8 (same engine, INT8 file). */
export function registerBuiltinEngines(): void {
  registerEngine('tfjs-layers', tfjsLayersEngine);
  registerEngine('tfjs-graph', tfjsGraphEngine);
  registerEngine('onnxruntime', onnxruntimeEngine('fp32'));
  registerEngine('onnxruntime-int8', onnxruntimeEngine('int8'));
}
