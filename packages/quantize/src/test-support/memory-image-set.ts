import type { BatchOptions, ImageBatch, LabeledImageSet } from '@medimg/core';
import { createRng } from '@medimg/core';

/** An in-memory LabeledImageSet over NHWC uint8 pixels (tests and benchmarks). */
export function memoryImageSet(pixels: Uint8Array, labels: Int32Array, shape: [number, number, 1 | 3], classNames: string[]): LabeledImageSet {
  const per = shape[0] * shape[1] * shape[2];
  const size = labels.length;
  return {
    classNames,
    size,
    labels,
    shape,
    path: (i) => `memory:${i}`,
    async *batches(o: BatchOptions): AsyncGenerator<ImageBatch> {
      const order = Array.from({ length: size }, (_, i) => i);
      if (o.shuffleSeed !== undefined) createRng(o.shuffleSeed + (o.epoch ?? 0)).shuffle(order);
      for (let s = 0; s < size; s += o.batchSize) {
        const idx = order.slice(s, s + o.batchSize);
        if (idx.length < o.batchSize && o.keepPartial === false) break;
        const px = new Uint8Array(idx.length * per);
        idx.forEach((k, j) => px.set(pixels.subarray(k * per, (k + 1) * per), j * per));
        yield { pixels: px, labels: Int32Array.from(idx, (k) => labels[k] ?? 0), size: idx.length, height: shape[0], width: shape[1], channels: shape[2], indices: Int32Array.from(idx) };
      }
    },
  };
}

/**
 * Generated two-class images: a bright blob on noise, class 0 with the blob in the left half, class 1 in the right
 * half (a margin of `margin` pixels around the centre line keeps the classes separable, but noisy).
 */
export function blobImages(count: number, size: number, channels: 1 | 3, seed: number, margin = 1): LabeledImageSet {
  const rng = createRng(seed);
  const per = size * size * channels;
  const pixels = new Uint8Array(count * per);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    labels[n] = label;
    const half = size / 2;
    const cx = label === 0 ? rng.uniform(1, half - margin) : rng.uniform(half + margin, size - 1);
    const cy = rng.uniform(1, size - 1);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const blob = 120 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 6);
        for (let c = 0; c < channels; c++) {
          const v = 60 + blob + 25 * rng.normal();
          pixels[n * per + (y * size + x) * channels + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return memoryImageSet(pixels, labels, [size, size, channels], ['LEFT', 'RIGHT']);
}
