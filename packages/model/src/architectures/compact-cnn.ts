import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@medimg/core';
import { imageInput } from '../image-input';
import type { ArchitectureOptions } from '../types';

/** Knobs of the compact family; the registered variants fix them. */
export interface CompactCnnConfig {
  /** Filters of the stride-2 stem and of the four blocks. */
  widths: readonly [number, number, number, number, number];
  /** Batch normalisation after every conv. */
  batchNorm: boolean;
  /** Dropout before the classifier. */
  dropout: number;
}

/**
 * A small CNN for grayscale X-rays: in-graph rescaling of raw pixels (x / 255), a 3x3 stride-2 stem, four blocks of [conv3x3 -> (BN) -> ReLU] x2 + maxpool,
 * global average pooling, dropout, dense softmax. He-uniform init, seeded. Any input of
 * at least 32x32 (multiples of 32 use every pixel); smaller throws a ValidationError.
 */
export function compactCnn(config: CompactCnnConfig): (options: ArchitectureOptions) => tf.LayersModel {
  return ({ inputShape, numClasses, seed = 0 }) => {
    const [height, width] = inputShape;
    if (height < 32 || width < 32) {
      throw new ValidationError('compact-cnn', [`expected an input of at least 32x32 (the stride-2 stem and four 2x2 max pools halve it five times; smaller leaves nothing to pool), got ${height}x${width}. Fix: use --image-size 32 or more (multiples of 32 use every pixel: 64, 96, 128, 224, ...)`]);
    }
    let layerSeed = seed;
    const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.heUniform({ seed: layerSeed++ });
    const { input, x: scaled } = imageInput(inputShape);
    const convUnit = (x: tf.SymbolicTensor, name: string, filters: number, strides: number): tf.SymbolicTensor => {
      let y = tf.layers.conv2d({ name, filters, kernelSize: 3, strides, padding: 'same', useBias: !config.batchNorm, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
      if (config.batchNorm) y = tf.layers.batchNormalization({ name: `${name}_bn`, momentum: 0.9 }).apply(y) as tf.SymbolicTensor;
      return tf.layers.reLU({ name: `${name}_relu` }).apply(y) as tf.SymbolicTensor;
    };
    const [stem, ...blocks] = config.widths;
    let x = convUnit(scaled, 'stem', stem, 2);
    blocks.forEach((filters, b) => {
      x = convUnit(x, `block${b + 1}_conv1`, filters, 1);
      x = convUnit(x, `block${b + 1}_conv2`, filters, 1);
      x = tf.layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
    });
    x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
    if (config.dropout > 0) x = tf.layers.dropout({ name: 'dropout', rate: config.dropout }).apply(x) as tf.SymbolicTensor;
    const output = tf.layers.dense({ name: 'logits', units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }) }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: output, name: 'compact_cnn' });
  };
}

/** The default (see README for the measurement): BN, widths 8-16-32-64-128, ~0.29M params, ~57M MACs at 128x128. */
export const compactCnnDefault = compactCnn({ widths: [8, 16, 32, 64, 128], batchNorm: true, dropout: 0.3 });
/** A wider candidate: 16-32-64-96-128, ~0.43M params, ~165M MACs at 128x128. */
export const compactCnnWide = compactCnn({ widths: [16, 32, 64, 96, 128], batchNorm: true, dropout: 0.3 });
/** The default without batch norm (an ablation). */
export const compactCnnPlain = compactCnn({ widths: [8, 16, 32, 64, 128], batchNorm: false, dropout: 0.3 });
