import * as tf from '@tensorflow/tfjs';

/** Name of the in-graph rescaling layer every built-in architecture starts with. */
export const RESCALE_LAYER = 'rescale';

/**
 * The input of an image network: `image` [H, W, C] taking raw pixel values 0..255, followed by a Keras-style
 * `Rescaling(1/255)` layer, so the saved model (and its GraphModel/ONNX exports) carries its own preprocessing.
 */
export function imageInput(inputShape: [number, number, 1 | 3]): { input: tf.SymbolicTensor; x: tf.SymbolicTensor } {
  const input = tf.input({ shape: inputShape, name: 'image' });
  const x = tf.layers.rescaling({ name: RESCALE_LAYER, scale: 1 / 255 }).apply(input) as tf.SymbolicTensor;
  return { input, x };
}
