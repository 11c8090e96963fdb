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
