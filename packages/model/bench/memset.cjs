// Benchmark helper (not repo code): in-memory LabeledImageSet over the cached real images + patient-grouped split.
const ROOT = require('node:path').resolve(__dirname, '../../..');
const WORK = process.env.BENCH_DIR ?? '/tmp/medimg-real';
const fs = require('node:fs');
const { createRng } = require(ROOT + '/packages/core/dist/index.cjs');
function load(size) {
  const meta = JSON.parse(fs.readFileSync(`${WORK}/cache-${size}.json`, 'utf8'));
  const pixels = new Uint8Array(fs.readFileSync(`${WORK}/cache-${size}.bin`));
  return { meta, pixels };
}
function makeSet(all, idxs, size) {
  const per = size * size;
  const labels = Int32Array.from(idxs.map((i) => all.meta.labels[i]));
  return {
    classNames: ['NORMAL', 'PNEUMONIA'], size: idxs.length, labels, shape: [size, size, 1],
    path: (i) => all.meta.files[idxs[i]],
    async *batches({ batchSize, shuffleSeed, epoch = 0, transform, keepPartial = true }) {
      const order = idxs.map((_, i) => i);
      if (shuffleSeed !== undefined) createRng(shuffleSeed * 1000003 + epoch).shuffle(order);
      for (let s = 0; s < order.length; s += batchSize) {
        const o = order.slice(s, s + batchSize);
        if (o.length < batchSize && !keepPartial) break;
        const b = { pixels: new Uint8Array(o.length * per), labels: new Int32Array(o.length), size: o.length, height: size, width: size, channels: 1, indices: Int32Array.from(o) };
        o.forEach((j, k) => { b.pixels.set(all.pixels.subarray(idxs[j] * per, (idxs[j] + 1) * per), k * per); b.labels[k] = labels[j]; });
        yield transform ? transform(b, epoch) : b;
      }
    },
  };
}
function groupedSplit(all, valFraction, seed) {
  const patients = [...new Set(all.meta.patients)].sort();
  createRng(seed).shuffle(patients);
  const val = new Set(patients.slice(0, Math.round(patients.length * valFraction)));
  const tr = [], va = [];
  all.meta.patients.forEach((p, i) => (val.has(p) ? va : tr).push(i));
  return { tr, va };
}
module.exports = { load, makeSet, groupedSplit };
