import { registerPredictorEngine } from './engine-registry';
import { ONNXRUNTIME, onnxruntimeEngine } from './engines/onnxruntime';
import { TFJS_GRAPH, tfjsGraphEngine } from './engines/tfjs-graph';
import { TFJS_LAYERS, tfjsLayersEngine } from './engines/tfjs-layers';

/** Registers tfjs-layers, tfjs-graph and onnxruntime (FP32 and INT8 .onnx files alike). */
export function registerBuiltinPredictorEngines(): void {
  registerPredictorEngine(TFJS_LAYERS, tfjsLayersEngine);
  registerPredictorEngine(TFJS_GRAPH, tfjsGraphEngine);
  registerPredictorEngine(ONNXRUNTIME, onnxruntimeEngine);
}
