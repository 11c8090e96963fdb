import * as tf from '@tensorflow/tfjs';
import { listArchitectures, registerArchitecture } from '@medimg/model';

/** Test architecture name: conv8 -> pool -> conv16 -> pool -> conv32 (1/4 input resolution) -> GAP -> dense softmax. */
export const CAM_TEST_ARCHITECTURE = 'explain-test-cam';

/** Registers a small GAP network whose last conv block keeps a 1/4-resolution map (16x16 at 64 px). Idempotent. */
export function registerCamTestArchitecture(): void {
  if (listArchitectures().includes(CAM_TEST_ARCHITECTURE)) return;
  registerArchitecture(
    CAM_TEST_ARCHITECTURE,
    ({ inputShape, numClasses, seed = 0 }) => {
      const input = tf.input({ shape: inputShape, name: 'image' });
      const conv = (x: tf.SymbolicTensor, name: string, filters: number, s: number): tf.SymbolicTensor =>
        tf.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: seed + s }) }).apply(x) as tf.SymbolicTensor;
      let x = conv(input, 'conv1', 8, 0);
      x = tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
      x = conv(x, 'conv2', 16, 1);
      x = tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
      x = conv(x, 'conv3', 32, 2);
      x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
      const out = tf.layers.dense({ name: 'logits', units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out, name: 'explain_test_cam' });
    },
    { imageSize: 64, channels: 1 },
  );
}
