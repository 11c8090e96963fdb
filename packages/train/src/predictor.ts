import type * as tf from '@tensorflow/tfjs';
import { modelInputTensor, pixelScaleOf, predictLayersModel, type ImageBatch, type Preprocessing } from '@medimg/core';
import type { Predictor } from './types';

/** The model input for a batch (core's `modelInputTensor`: raw pixels for in-graph-rescaling models, else / 255). */
export function batchToTensor(batch: ImageBatch, scale: Preprocessing['scale']): tf.Tensor4D {
  return modelInputTensor(batch, scale);
}

/** Wraps a tfjs LayersModel (softmax output) being trained as a Predictor. `dispose` disposes the model. */
export function layersPredictor(model: tf.LayersModel): Predictor {
  const shape = model.outputs[0]?.shape;
  const numClasses = shape?.[shape.length - 1];
  if (typeof numClasses !== 'number') throw new RangeError('Error in layersPredictor: the model output has no static class dimension.');
  const scale = pixelScaleOf(model);
  return {
    numClasses,
    predict: (batch: ImageBatch): Promise<Float32Array> => predictLayersModel(model, batch, scale),
    dispose: (): void => {
      model.dispose();
    },
  };
}
