import { createRng, hashSeed, ValidationError } from '@medimg/core';
import type { BatchOptions, BatchTransform, ImageBatch, IntensityNormalization, LabeledImageSet } from '@medimg/core';
import { normalizeBatch } from './pixels/intensity-normalization';
import { memoryStore, type PixelStore } from './pixel-store';

export interface StoreImageSetOptions {
  classNames: readonly string[];
  shape: readonly [number, number, 1 | 3];
  store: PixelStore;
  /** Store slot of each member. */
  slots: Int32Array;
  labels: Int32Array;
  /** Source file of each member. */
  paths: readonly string[];
  /** Per-image intensity normalisation applied to every batch read (before `transform`). Default 'none'. */
  normalize?: IntensityNormalization;
}

/** Order of one pass: identity, or a seeded shuffle mixed with the epoch. */
export function passOrder(size: number, shuffleSeed: number | undefined, epoch: number): number[] {
  const order = Array.from({ length: size }, (_, i) => i);
  if (shuffleSeed === undefined) return order;
  return createRng(hashSeed(`${shuffleSeed}:${epoch}`)).shuffle(order);
}

/** A LabeledImageSet over a pixel store (memory or cache file). */
export function storeImageSet(o: StoreImageSetOptions): LabeledImageSet {
  const [height, width, channels] = o.shape;
  const size = o.slots.length;
  if (o.labels.length !== size || o.paths.length !== size) throw new ValidationError('imageSet', [`slots, labels and paths must have one entry per image (got ${size}, ${o.labels.length}, ${o.paths.length})`]);
  return {
    classNames: o.classNames,
    size,
    labels: o.labels,
    shape: o.shape,
    path: (i) => o.paths[i] ?? '',
    batches(options: BatchOptions): AsyncIterable<ImageBatch> {
      if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new ValidationError('batches', [`batchSize must be an integer >= 1; got ${options.batchSize}`]);
      const epoch = options.epoch ?? 0;
      const keepPartial = options.keepPartial ?? true;
      return {
        async *[Symbol.asyncIterator]() {
          const order = passOrder(size, options.shuffleSeed, epoch);
          for (let start = 0; start < size; start += options.batchSize) {
            const members = order.slice(start, start + options.batchSize);
            if (members.length < options.batchSize && !keepPartial) break;
            const slots = members.map((m) => o.slots[m] as number);
            const read: ImageBatch = {
              pixels: await o.store.readMany(slots),
              labels: Int32Array.from(members, (m) => o.labels[m] as number),
              size: members.length,
              height,
              width,
              channels,
              indices: Int32Array.from(members),
            };
            const batch = normalizeBatch(read, o.normalize ?? 'none');
            yield options.transform ? options.transform(batch, epoch) : batch;
          }
        },
      };
    },
  };
}

/** The members `indices` of a store-backed set, as a new set (e.g. the train or validation side of a split). */
export function subsetOf(o: StoreImageSetOptions, indices: readonly number[]): LabeledImageSet {
  return storeImageSet({
    ...o,
    slots: Int32Array.from(indices, (i) => o.slots[i] as number),
    labels: Int32Array.from(indices, (i) => o.labels[i] as number),
    paths: indices.map((i) => o.paths[i] ?? ''),
  });
}

export interface InMemoryImageSetOptions {
  classNames: readonly string[];
  /** [height, width, channels]. */
  shape: readonly [number, number, 1 | 3];
  /** NHWC uint8 pixels of all images, length size * h * w * c. */
  pixels: Uint8Array;
  labels: Int32Array;
  /** Source names (default `image-<i>`). */
  paths?: readonly string[];
}

/** A LabeledImageSet over pixels already in memory (useful to library users and tests). */
export function inMemoryImageSet(options: InMemoryImageSetOptions): LabeledImageSet {
  const [h, w, c] = options.shape;
  const per = h * w * c;
  const problems: string[] = [];
  if (per <= 0) problems.push(`shape must be positive; got ${options.shape.join('x')}`);
  if (options.pixels.length !== options.labels.length * per) problems.push(`pixels has ${options.pixels.length} bytes; expected labels.length * h * w * c = ${options.labels.length * per}`);
  for (const l of options.labels) if (l < 0 || l >= options.classNames.length) { problems.push(`label ${l} is outside [0, ${options.classNames.length - 1}]`); break; }
  if (problems.length > 0) throw new ValidationError('inMemoryImageSet', problems);
  const size = options.labels.length;
  return storeImageSet({
    classNames: options.classNames,
    shape: options.shape,
    store: memoryStore(options.pixels, per),
    slots: Int32Array.from({ length: size }, (_, i) => i),
    labels: options.labels,
    paths: options.paths ?? Array.from({ length: size }, (_, i) => `image-${i}`),
  });
}

/**
 * A view of `set` whose batches pass through `transform` first (then through the caller's own transform), e.g. an
 * acquisition change of a stress test followed by the model's intensity normalisation. Same images, labels, paths.
 */
export function mapImageSet(set: LabeledImageSet, transform: BatchTransform): LabeledImageSet {
  return {
    classNames: set.classNames,
    size: set.size,
    labels: set.labels,
    shape: set.shape,
    path: (i) => set.path(i),
    batches(options: BatchOptions): AsyncIterable<ImageBatch> {
      const own = options.transform;
      return set.batches({ ...options, transform: (b, epoch) => (own ? own(transform(b, epoch), epoch) : transform(b, epoch)) });
    },
  };
}
