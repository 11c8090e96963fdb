/**
 * The contract between data and training: a batch of preprocessed images and a re-iterable labelled set.
 * `@medimg/dataset` implements it over image folders; `@medimg/train`, `@medimg/quantize` and others consume it.
 */

/** NHWC pixels, uint8 in [0, 255] (models see value / 255), with class indices. */
export interface ImageBatch {
  /** Length size * height * width * channels, NHWC order. */
  pixels: Uint8Array;
  /** Class index per image, length size. */
  labels: Int32Array;
  size: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Index of each image within its set (for tracing predictions back to files). */
  indices: Int32Array;
}

/** A transform applied to a batch before it reaches the model (e.g. seeded augmentation). Pure: returns a new batch. */
export type BatchTransform = (batch: ImageBatch, epoch: number) => ImageBatch;

export interface BatchOptions {
  batchSize: number;
  /** Shuffle with this seed (mixed with `epoch`); omit to keep set order. */
  shuffleSeed?: number;
  /** Epoch number, mixed into the shuffle and passed to `transform`. Default 0. */
  epoch?: number;
  /** Applied to every batch (augmentation). */
  transform?: BatchTransform;
  /** Keep the last partial batch (default true). */
  keepPartial?: boolean;
}

/** A labelled image set that can be read many times. */
export interface LabeledImageSet {
  readonly classNames: readonly string[];
  /** Number of images. */
  readonly size: number;
  /** Class index per image. */
  readonly labels: Int32Array;
  /** [height, width, channels] of every image. */
  readonly shape: readonly [number, number, 1 | 3];
  /** Source file of image i (for reports). */
  path(i: number): string;
  /** Yields batches; every call starts a fresh pass. */
  batches(options: BatchOptions): AsyncIterable<ImageBatch>;
}
