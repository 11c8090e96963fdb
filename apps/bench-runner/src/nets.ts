import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@medimg/bench';
import { loadOptional } from './optional';

type Factory = (o: { inputShape: [number, number, 1 | 3]; numClasses: number; seed?: number }) => tf.LayersModel;

/** refkit-cnn's topology with tf.sequential, used only while @medimg/model is unavailable. */
function refkitFallback(inputShape: ImageShape): tf.LayersModel {
  const layers: tf.layers.Layer[] = [];
  [16, 32, 64, 128, 256, 512].forEach((filters, b) => {
    for (let c = 0; c < 2; c++) {
      layers.push(tf.layers.conv2d({ ...(b === 0 && c === 0 ? { inputShape } : {}), filters, kernelSize: 3, padding: 'same', useBias: false }));
      layers.push(tf.layers.leakyReLU({ alpha: 0.2 }));
    }
    layers.push(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  });
  layers.push(tf.layers.flatten());
  for (const units of [3600, 2400, 1600, 800, 64]) layers.push(tf.layers.dense({ units, useBias: false }), tf.layers.leakyReLU({ alpha: 0.2 }));
  layers.push(tf.layers.dense({ units: 2, useBias: false, activation: 'softmax' }));
  return tf.sequential({ layers, name: 'refkit_cnn_fallback' });
}

/**
 * Builds `architecture` for `inputShape` with 2 classes: from @medimg/model's registry when it is
 * available, else (refkit-cnn only) a local tf.sequential copy. Returns the reason when it cannot.
 */
export async function buildNet(architecture: string, inputShape: ImageShape): Promise<{ model: tf.LayersModel; source: string } | { reason: string }> {
  const loaded = await loadOptional('@medimg/model', ['getArchitecture']);
  if ('mod' in loaded) {
    const factory = (loaded.mod['getArchitecture'] as (name: string) => Factory)(architecture);
    return { model: factory({ inputShape: inputShape as [number, number, 1 | 3], numClasses: 2, seed: 0 }), source: '@medimg/model' };
  }
  if (architecture === 'refkit-cnn') return { model: refkitFallback(inputShape), source: 'local tf.sequential (@medimg/model unavailable)' };
  return { reason: loaded.reason };
}
