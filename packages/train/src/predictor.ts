import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '@medimg/core';
import type { Predictor } from './types';

/** The model input for a batch: float32 NHWC pixels / 255. Call inside tf.tidy. */
export function batchToTensor(batch: ImageBatch): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(batch.pixels, [batch.size, batch.height, batch.width, batch.channels], 'int32').toFloat().div(255) as tf.Tensor4D);
}

/** Wraps a tfjs LayersModel (softmax output) as a Predictor. `dispose` disposes the model. */
export function layersPredictor(model: tf.LayersModel): Predictor {
  const shape = model.outputs[0]?.shape;
  const numClasses = shape?.[shape.length - 1];
  if (typeof numClasses !== 'number') throw new RangeError('Error in layersPredictor: the model output has no static class dimension.');
  return {
    numClasses,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      const out = tf.tidy(() => model.predict(batchToTensor(batch)) as tf.Tensor);
      try {
        return new Float32Array(await out.data());
      } finally {
        out.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
