import { createRng, hashSeed, type BatchOptions, type ImageBatch, type LabeledImageSet } from '@medimg/core';

/**
 * A view of `set` where every class is repeated (seeded, without replacement while possible) up to the size of the
 * largest class. Batches read through the underlying set; `path(i)` names the original file.
 */
export function oversample(set: LabeledImageSet, seed = 42): LabeledImageSet {
  const byClass: number[][] = set.classNames.map(() => []);
  set.labels.forEach((l, i) => byClass[l]?.push(i));
  const max = Math.max(...byClass.map((c) => c.length));
  const rng = createRng(hashSeed(`oversample:${seed}`));
  const members: number[] = [];
  for (const list of byClass) {
    if (list.length === 0) continue;
    members.push(...list);
    let extra = max - list.length;
    while (extra > 0) {
      const pick = rng.shuffle([...list]).slice(0, extra);
      members.push(...pick);
      extra -= pick.length;
    }
  }
  members.sort((a, b) => a - b);
  const labels = Int32Array.from(members, (m) => set.labels[m] as number);
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  return {
    classNames: set.classNames,
    size: members.length,
    labels,
    shape: set.shape,
    path: (i) => set.path(members[i] ?? -1),
    batches(options: BatchOptions): AsyncIterable<ImageBatch> {
      // Read the underlying set once per pass in order, then emit this view's (shuffled) order.
      return {
        async *[Symbol.asyncIterator]() {
          const pixels = new Uint8Array(set.size * per);
          let at = 0;
          for await (const b of set.batches({ batchSize: 256 })) {
            pixels.set(b.pixels, at * per);
            at += b.size;
          }
          const order = Array.from({ length: members.length }, (_, i) => i);
          if (options.shuffleSeed !== undefined) createRng(hashSeed(`${options.shuffleSeed}:${options.epoch ?? 0}`)).shuffle(order);
          const keep = options.keepPartial ?? true;
          for (let s = 0; s < order.length; s += options.batchSize) {
            const idx = order.slice(s, s + options.batchSize);
            if (idx.length < options.batchSize && !keep) break;
            const out = new Uint8Array(idx.length * per);
            idx.forEach((m, j) => {
              const src = members[m] as number;
              out.set(pixels.subarray(src * per, (src + 1) * per), j * per);
            });
            const batch: ImageBatch = { pixels: out, labels: Int32Array.from(idx, (m) => labels[m] as number), size: idx.length, height: set.shape[0], width: set.shape[1], channels: set.shape[2], indices: Int32Array.from(idx) };
            yield options.transform ? options.transform(batch, options.epoch ?? 0) : batch;
          }
        },
      };
    },
  };
}
