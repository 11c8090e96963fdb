import * as tf from '@tensorflow/tfjs';
import { registerArchitecture } from '@medimg/model';

/** Test helper: a small deterministic CNN (no dropout, no batch norm), registered as `test-tiny`. */
export function registerTinyArchitecture(): void {
  registerArchitecture(
    'test-tiny',
    ({ inputShape, numClasses, seed = 0 }) => {
      const input = tf.input({ shape: inputShape });
      let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed }) }).apply(input) as tf.SymbolicTensor;
      x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: seed + 1 }) }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    },
    { imageSize: 32, channels: 1 },
  );
}
