import type * as tf from '@tensorflow/tfjs';

/** Total and trainable parameter counts of a model. */
export function countParams(model: tf.LayersModel): { total: number; trainable: number } {
  const size = (ws: tf.LayerVariable[]): number => ws.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
  return { total: size(model.weights), trainable: size(model.trainableWeights) };
}
