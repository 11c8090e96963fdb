import * as tf from '@tensorflow/tfjs';
import { listArchitectures, registerArchitecture } from '@medimg/model';

/** Test architecture name (see registerCamTestArchitecture). */
export const CAM_TEST_ARCHITECTURE = 'explain-test-cam';

const WIDTHS = [8, 16, 32, 32, 32] as const;

/**
 * Registers a small GAP network whose last conv block keeps a quarter-resolution map (16x16 at 64 px):
 * [conv3x3 -> BN -> ReLU] with 8, (pool) 16, (pool) 32, 32, 32 filters, global average pooling, dense softmax.
 * Idempotent.
 */
export function registerCamTestArchitecture(): void {
  if (listArchitectures().includes(CAM_TEST_ARCHITECTURE)) return;
  registerArchitecture(
    CAM_TEST_ARCHITECTURE,
    ({ inputShape, numClasses, seed = 0 }) => {
      const input = tf.input({ shape: inputShape, name: 'image' });
      let x: tf.SymbolicTensor = input;
      WIDTHS.forEach((filters, i) => {
        if (i === 1 || i === 2) x = tf.layers.maxPooling2d({ name: `pool${i}`, poolSize: 2 }).apply(x) as tf.SymbolicTensor;
        x = tf.layers.conv2d({ name: `conv${i + 1}`, filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heUniform({ seed: seed + i }) }).apply(x) as tf.SymbolicTensor;
        x = tf.layers.batchNormalization({ name: `conv${i + 1}_bn`, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
        x = tf.layers.reLU({ name: `conv${i + 1}_relu` }).apply(x) as tf.SymbolicTensor;
      });
      x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
      const out = tf.layers.dense({ name: 'logits', units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out, name: 'explain_test_cam' });
    },
    { imageSize: 64, channels: 1 },
  );
}
