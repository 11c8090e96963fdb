import * as tf from '@tensorflow/tfjs';
import { createModelCard, modelInput, selectBackend, type LabeledImageSet } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';
import { blobImages } from './memory-image-set';
import { toOnnx } from '@medimg/export';

export interface TrainedClassifier {
  onnx: OnnxModel;
  train: LabeledImageSet;
  validation: LabeledImageSet;
}

async function toTensors(set: LabeledImageSet): Promise<{ x: tf.Tensor4D; y: tf.Tensor2D }> {
  const [h, w, c] = set.shape;
  const px = new Float32Array(set.size * h * w * c);
  const labels: number[] = [];
  for await (const b of set.batches({ batchSize: set.size })) {
    px.set(modelInput(b.pixels, 'unit')); // this test network has no in-graph rescaling
    labels.push(...b.labels);
  }
  return tf.tidy(() => ({ x: tf.tensor4d(px, [set.size, h, w, c]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D }));
}

/** conv-relu-pool, conv-leakyrelu-pool, flatten, dense-relu, dense-softmax (2 classes), seeded init. */
export function smallCnn(size: number, channels: 1 | 3, seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [size, size, channels], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.heUniform({ seed: seed + 1 }) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: seed + 2 }) }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }),
    ],
  });
}

/**
 * A small residual network: conv-BN-ReLU stem, one block with an identity shortcut, one stride-2 block with a 1x1
 * projection shortcut (conv-BN), each `ReLU(BN(conv(ReLU(BN(conv x)))) + shortcut)`, GAP, dense softmax.
 */
export function residualCnn(size: number, channels: 1 | 3, seed: number): tf.LayersModel {
  type St = tf.SymbolicTensor;
  let s = seed;
  const conv = (x: St, filters: number, kernelSize: number, strides: number): St => {
    const y = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heUniform({ seed: s++ }) }).apply(x) as St;
    return tf.layers.batchNormalization({ momentum: 0.9 }).apply(y) as St;
  };
  const relu = (x: St): St => tf.layers.reLU().apply(x) as St;
  const block = (x: St, filters: number, strides: number, project: boolean): St => {
    const y = conv(relu(conv(x, filters, 3, strides)), filters, 3, 1);
    return relu(tf.layers.add().apply([y, project ? conv(x, filters, 1, strides) : x]) as St);
  };
  const input = tf.input({ shape: [size, size, channels] });
  let x = relu(conv(input, 8, 3, 1));
  x = block(x, 8, 1, false);
  x = block(x, 16, 2, true);
  x = tf.layers.globalAveragePooling2d({}).apply(x) as St;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) }).apply(x) as St;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * Trains a small CNN (default `smallCnn`: conv-relu-pool, conv-leakyrelu-pool, flatten, dense-relu, dense-softmax;
 * or `residualCnn`) on generated left/right blob images with real tfjs (wasm) and converts it to ONNX.
 * `size` x `size` x 1 images.
 */
export async function trainedClassifier(size = 16, seed = 7, build: (size: number, channels: 1 | 3, seed: number) => tf.LayersModel = smallCnn, epochs = 12): Promise<TrainedClassifier> {
  await selectBackend({ backend: 'wasm' });
  const train = blobImages(480, size, 1, seed);
  const validation = blobImages(200, size, 1, seed + 1);
  const model = build(size, 1, seed);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = await toTensors(train);
  await model.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const onnx = toOnnx({ model, metadata: createModelCard({ architecture: 'small-cnn-test', classNames: ['LEFT', 'RIGHT'], positiveClass: 1, threshold: 0.5, preprocessing: { imageSize: size, channels: 1, resize: 'stretch', scale: 'unit' } }) });
  model.dispose();
  optimizer.dispose();
  return { onnx, train, validation };
}
