import * as tf from '@tensorflow/tfjs';
import { inMemoryImageSet } from './image-set';
import { oversample } from './oversample';
import { toTfDataset } from './tf-dataset';

function set(n: number, labels?: number[]) {
  const pixels = new Uint8Array(n * 4 * 4);
  for (let i = 0; i < n; i++) pixels.fill(i, i * 16, (i + 1) * 16);
  return inMemoryImageSet({ classNames: ['A', 'B'], shape: [4, 4, 1], pixels, labels: Int32Array.from(labels ?? Array.from({ length: n }, (_, i) => i % 2)) });
}

describe('inMemoryImageSet', () => {
  it('yields every image once per pass, shuffled per (seed, epoch), pixels matching indices', async () => {
    const s = set(23);
    const pass = async (opts: { shuffleSeed?: number; epoch?: number; keepPartial?: boolean }) => {
      const idx: number[] = [];
      for await (const b of s.batches({ batchSize: 5, ...opts })) {
        for (let j = 0; j < b.size; j++) expect(b.pixels[j * 16]).toBe(b.indices[j]);
        expect(Array.from(b.labels)).toEqual(Array.from(b.indices, (i) => i % 2));
        idx.push(...b.indices);
      }
      return idx;
    };
    expect(await pass({})).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const e0 = await pass({ shuffleSeed: 1, epoch: 0 });
    expect([...e0].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(await pass({ shuffleSeed: 1, epoch: 0 })).toEqual(e0);
    expect(await pass({ shuffleSeed: 1, epoch: 1 })).not.toEqual(e0);
    expect(await pass({ keepPartial: false })).toHaveLength(20);
    expect(() => inMemoryImageSet({ classNames: ['A'], shape: [2, 2, 1], pixels: new Uint8Array(3), labels: new Int32Array([0]) })).toThrow(/pixels has 3 bytes/);
  });
});

describe('oversample', () => {
  it('repeats minority classes up to the majority size', async () => {
    const s = oversample(set(10, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]), 3);
    expect(s.size).toBe(16);
    expect(Array.from(s.labels).filter((l) => l === 1)).toHaveLength(8);
    let seen = 0;
    for await (const b of s.batches({ batchSize: 4, shuffleSeed: 2 })) {
      for (let j = 0; j < b.size; j++) expect(b.pixels[j * 16] as number >= 8).toBe(b.labels[j] === 1);
      seen += b.size;
    }
    expect(seen).toBe(16);
  });
});

describe('toTfDataset', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('yields float tensors in the model units with one-hot labels, a fresh pass per iteration, and leaks no tensors', async () => {
    const s = set(10);
    const unit = await toTfDataset(s, { batchSize: 10, scale: 'unit' }).toArray();
    const raw = await toTfDataset(s, { batchSize: 10 }).toArray();
    expect(tf.tidy(() => unit[0]!.xs.mul(255).sub(raw[0]!.xs).abs().max().dataSync()[0])).toBeLessThan(1e-4); // raw by default, / 255 for 'unit'
    expect(tf.tidy(() => raw[0]!.xs.max().dataSync()[0])).toBe(9);
    tf.dispose([...unit.flatMap((b) => [b.xs, b.ys]), ...raw.flatMap((b) => [b.xs, b.ys])]);
    const ds = toTfDataset(s, { batchSize: 4, shuffleSeed: 3, scale: 'unit' });
    const before = tf.memory().numTensors;
    for (let epoch = 0; epoch < 2; epoch++) {
      let n = 0;
      await ds.forEachAsync((b) => {
        expect(b.xs.shape.slice(1)).toEqual([4, 4, 1]);
        expect(b.ys.shape[1]).toBe(2);
        const max = tf.tidy(() => b.xs.max().dataSync()[0] as number);
        expect(max).toBeLessThanOrEqual(9 / 255 + 1e-6);
        n += b.xs.shape[0];
        tf.dispose([b.xs, b.ys]);
      });
      expect(n).toBe(10);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
