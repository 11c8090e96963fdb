import { createRng, type ImageBatch, type LabeledImageSet } from '@medimg/core';

/**
 * Test helper: an in-memory LabeledImageSet of generated chest-X-ray-like images (real pixels). Class 0 (NORMAL):
 * two dark lung fields in a bright body; class 1 (PNEUMONIA): the same with bright, blurry opacities in the lungs.
 */
export function syntheticXraySet(options: { perClass: number; size: number; seed: number; channels?: 1 | 3 }): LabeledImageSet {
  const { perClass, size, seed } = options;
  const channels = options.channels ?? 1;
  const rng = createRng(seed);
  const n = perClass * 2;
  const per = size * size * channels;
  const pixels = new Uint8Array(n * per);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels[i] = label;
    const spots = label === 1 ? 1 + rng.int(3) : 0;
    const blobs = Array.from({ length: spots }, () => ({ x: rng.uniform(0.2, 0.8) * size, y: rng.uniform(0.3, 0.75) * size, r: rng.uniform(0.08, 0.16) * size }));
    const shift = rng.uniform(-0.04, 0.04) * size;
    const brightness = rng.uniform(150, 200);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = brightness;
        for (const cx of [0.32 * size + shift, 0.68 * size + shift]) {
          const dx = (x - cx) / (0.15 * size);
          const dy = (y - 0.52 * size) / (0.3 * size);
          if (dx * dx + dy * dy < 1) v = 50;
        }
        for (const b of blobs) {
          const d2 = ((x - b.x) ** 2 + (y - b.y) ** 2) / (b.r * b.r);
          v += 120 * Math.exp(-d2);
        }
        v += rng.normal() * 12;
        const byte = Math.max(0, Math.min(255, Math.round(v)));
        for (let c = 0; c < channels; c++) pixels[i * per + (y * size + x) * channels + c] = byte;
      }
    }
  }
  return {
    classNames: ['NORMAL', 'PNEUMONIA'],
    size: n,
    labels,
    shape: [size, size, channels],
    path: (i) => `synthetic://${seed}/${i}.png`,
    async *batches({ batchSize, shuffleSeed, epoch = 0, transform, keepPartial = true }): AsyncIterable<ImageBatch> {
      const order = Array.from({ length: n }, (_, i) => i);
      if (shuffleSeed !== undefined) createRng(shuffleSeed * 1000003 + epoch).shuffle(order);
      for (let start = 0; start < n; start += batchSize) {
        const idx = order.slice(start, start + batchSize);
        if (idx.length < batchSize && !keepPartial) break;
        const batch: ImageBatch = { pixels: new Uint8Array(idx.length * per), labels: new Int32Array(idx.length), size: idx.length, height: size, width: size, channels, indices: Int32Array.from(idx) };
        idx.forEach((j, k) => {
          batch.pixels.set(pixels.subarray(j * per, (j + 1) * per), k * per);
          batch.labels[k] = labels[j] as number;
        });
        yield transform ? transform(batch, epoch) : batch;
      }
    },
  };
}
