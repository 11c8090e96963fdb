import type * as tf from '@tensorflow/tfjs';

/** What every architecture factory receives. */
export interface ArchitectureOptions {
  /** [height, width, channels] of the model input. Pixels arrive raw (0..255); built-in architectures rescale in the graph (`imageInput`). */
  inputShape: [number, number, 1 | 3];
  /** Number of output classes (softmax). */
  numClasses: number;
  /** Seed for the weight initialisers: the same seed builds the same weights. Default 0. */
  seed?: number;
}

/** Builds a fresh, uncompiled LayersModel ending in a softmax over `numClasses`. */
export type ArchitectureFactory = (options: ArchitectureOptions) => tf.LayersModel;

/** The input an architecture is designed for (what `medimg train` uses unless told otherwise). */
export interface DefaultInput {
  imageSize: number;
  channels: 1 | 3;
}

/** Fields every layer-spec entry carries. */
interface LayerBase {
  name: string;
  /** Output shape without the batch: [H, W, C] for images, [units] after pooling/flatten. */
  outputShape: number[];
  /** Trainable parameters of this layer. */
  params: number;
  /**
   * Names of the entries this one reads, when that is not just the entry before it (always set on `add`, and on
   * the first entry of a branch, e.g. a projection shortcut). `"input"` is the network input. Absent: the previous
   * entry (or the input, for the first entry).
   */
  inputs?: string[];
}

/**
 * One layer of a framework-neutral network description (NHWC; `momentum` is Keras' moving-average momentum, so
 * PyTorch's is 1 - momentum; `same` padding as in TensorFlow).
 */
export type LayerSpec = LayerBase &
  (
    | { kind: 'conv2d'; filters: number; kernelSize: [number, number]; strides: [number, number]; padding: 'same' | 'valid'; useBias: boolean }
    | { kind: 'batchnorm'; epsilon: number; momentum: number }
    | { kind: 'relu' | 'softmax' | 'gap' | 'flatten' }
    | { kind: 'add' }
    | { kind: 'leakyrelu'; alpha: number }
    | { kind: 'maxpool' | 'avgpool'; poolSize: [number, number]; strides: [number, number]; padding: 'same' | 'valid' }
    | { kind: 'dense'; units: number; useBias: boolean }
    | { kind: 'dropout'; rate: number }
    | { kind: 'rescale'; scale: number; offset: number }
  );

/** What `describeArchitecture` returns: the network as a layer list, for peers and benchmarks to build from. */
export interface ArchitectureSpec {
  format: 'medimg-architecture@1';
  architecture: string;
  inputShape: [number, number, 1 | 3];
  numClasses: number;
  params: { total: number; trainable: number };
  layers: LayerSpec[];
}
