import * as tf from '@tensorflow/tfjs';
import { imageInput } from '../image-input';
import type { ArchitectureOptions } from '../types';

const CONV_FILTERS = [16, 32, 64, 128, 256, 512] as const;
const DENSE_UNITS = [3600, 2400, 1600, 800, 64] as const;
const ALPHA = 0.2;

/**
 * The reference kit's network, exactly (after an in-graph rescaling of raw pixels, x / 255): six blocks of [conv3x3 SAME, LeakyReLU(0.2), conv3x3 SAME, LeakyReLU(0.2),
 * maxpool 2x2/2 VALID] with 16..512 filters, flatten, dense 3600/2400/1600/800/64 with LeakyReLU(0.2), dense + softmax.
 * No biases, no batch norm, no dropout, glorot-uniform init. At 300x300x3 and 2 classes: 48,019,248 parameters.
 */
export function refkitCnn({ inputShape, numClasses, seed = 0 }: ArchitectureOptions): tf.LayersModel {
  let layerSeed = seed;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: layerSeed++ });
  const { input, x: scaled } = imageInput(inputShape);
  let x: tf.SymbolicTensor = scaled;
  CONV_FILTERS.forEach((filters, b) => {
    for (let c = 1; c <= 2; c++) {
      x = tf.layers.conv2d({ name: `block${b + 1}_conv${c}`, filters, kernelSize: 3, strides: 1, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.leakyReLU({ name: `block${b + 1}_act${c}`, alpha: ALPHA }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2, strides: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  DENSE_UNITS.forEach((units, i) => {
    x = tf.layers.dense({ name: `dense${i + 1}`, units, useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ name: `dense${i + 1}_act`, alpha: ALPHA }).apply(x) as tf.SymbolicTensor;
  });
  const output = tf.layers.dense({ name: 'logits', units: numClasses, useBias: false, activation: 'softmax', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'refkit_cnn' });
}
