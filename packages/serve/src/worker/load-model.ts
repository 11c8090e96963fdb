import type { ImageBatch, ModelMetadata } from '@medimg/core';

/** The predictor a worker serves (the shape of @medimg/runtime's Predictor). */
export interface ServedPredictor {
  card: ModelMetadata;
  numClasses: number;
  inputShape: [number, number, number];
  engine: string;
  predict(batch: ImageBatch): Promise<Float32Array>;
  dispose(): void;
}

/** Loads one model for serving. TEMPORARY: ONNX only, until @medimg/runtime's loadPredictor lands. */
export async function loadServedModel(path: string, threads: number): Promise<ServedPredictor> {
  const { onnxPredictor, readOnnxMetadata } = await import('@medimg/export');
  const p = await onnxPredictor(path, { threads });
  return { card: readOnnxMetadata(path), numClasses: p.numClasses, inputShape: p.inputShape, engine: 'onnxruntime', predict: (b) => p.predict(b), dispose: () => p.dispose() };
}
