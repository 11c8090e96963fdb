import * as tf from '@tensorflow/tfjs';
import { imageInput } from '../image-input';
import type { ArchitectureOptions } from '../types';

/** Knobs of the residual family; the registered variants fix them. */
export interface ResnetSmallConfig {
  /** Filters of the stride-2 stem. */
  stem: number;
  /** Filters of each stage (one residual block per stage); every stage after the first halves the resolution. */
  stages: readonly number[];
  /** Dropout before the classifier. */
  dropout: number;
}

type St = tf.SymbolicTensor;
type Init = ReturnType<typeof tf.initializers.heUniform>;

/**
 * A small residual network (He et al. 2016, "basic" blocks) for grayscale X-rays: in-graph rescaling of raw pixels
 * (x / 255), a 3x3 stride-2 stem
 * [conv -> BN -> ReLU], then per stage one block `y = ReLU(BN(conv3x3(ReLU(BN(conv3x3_s(x))))) + shortcut(x))`
 * where the first stage keeps the resolution (identity shortcut) and each later one has stride 2 and a projection
 * shortcut (1x1 conv stride 2 -> BN) because the shape changes; global average pooling, dropout, dense softmax.
 * Convs have no bias (BN follows each). He-uniform init, seeded. Any input size (SAME padding rounds up).
 */
export function resnetSmall(config: ResnetSmallConfig): (options: ArchitectureOptions) => tf.LayersModel {
  return ({ inputShape, numClasses, seed = 0 }) => {
    let layerSeed = seed;
    const init = (): Init => tf.initializers.heUniform({ seed: layerSeed++ });
    const conv = (x: St, name: string, filters: number, kernelSize: number, strides: number): St => {
      const y = tf.layers.conv2d({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x) as St;
      return tf.layers.batchNormalization({ name: `${name}_bn`, momentum: 0.9 }).apply(y) as St;
    };
    const relu = (x: St, name: string): St => tf.layers.reLU({ name }).apply(x) as St;
    const block = (x: St, name: string, filters: number, strides: number): St => {
      const inChannels = x.shape[3];
      let y = relu(conv(x, `${name}_conv1`, filters, 3, strides), `${name}_conv1_relu`);
      y = conv(y, `${name}_conv2`, filters, 3, 1);
      const shortcut = strides === 1 && inChannels === filters ? x : conv(x, `${name}_proj`, filters, 1, strides);
      const sum = tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as St;
      return relu(sum, `${name}_relu`);
    };
    const { input, x: pixels } = imageInput(inputShape);
    let x = relu(conv(pixels, 'stem', config.stem, 3, 2), 'stem_relu');
    config.stages.forEach((filters, i) => {
      x = block(x, `block${i + 1}`, filters, i === 0 ? 1 : 2);
    });
    x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as St;
    if (config.dropout > 0) x = tf.layers.dropout({ name: 'dropout', rate: config.dropout }).apply(x) as St;
    const output = tf.layers.dense({ name: 'logits', units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }) }).apply(x) as St;
    return tf.model({ inputs: input, outputs: output, name: 'resnet_small' });
  };
}

/**
 * `resnet-small`: stem 16, stages 16-32-64-128 (stride 1, 2, 2, 2; overall stride 16), 307,506 trainable params (128 px input, 2 classes), about
 * the size of compact-cnn; ~0.10 GMAC at 128x128. The final map is 8x8 at 128 px, 4x4 at 64 px, 14x14 at 224 px.
 */
export const resnetSmallDefault = resnetSmall({ stem: 16, stages: [16, 32, 64, 128], dropout: 0.3 });
