// Architecture comparison on the real train split (benchmark, not CI): 128 px grayscale, patient-grouped 90:10,
// a seeded 1,200-image subset of the train side, 3 epochs, same settings per candidate; validation on all 513 held-out images.
const ROOT = require('node:path').resolve(__dirname, '../../..');
const WORK = process.env.BENCH_DIR ?? '/tmp/medimg-real';
const { selectBackend, createRng } = require(ROOT + '/packages/core/dist/index.cjs');
const { train } = require(ROOT + '/packages/train/dist/index.cjs');
const { getArchitecture, countParams } = require(ROOT + '/packages/model/dist/index.cjs');
const { load, makeSet, groupedSplit } = require('./memset.cjs');
function macs(model) {
  let total = 0;
  for (const l of model.layers) {
    const cls = l.getClassName();
    if (cls === 'Conv2D' || cls === 'Dense') {
      const k = l.getWeights()[0].shape.reduce((a, b) => a * b, 1);
      const out = l.outputShape.slice(1, -1).reduce((a, b) => a * b, 1);
      total += k * out;
    }
  }
  return total;
}
(async () => {
  const info = await selectBackend({ backend: 'wasm' });
  const size = 128, epochs = Number(process.env.EPOCHS ?? 3), subset = Number(process.env.SUBSET ?? 1200);
  const all = load(size);
  const { tr, va } = groupedSplit(all, 0.1, 42);
  const sub = createRng(7).shuffle([...tr]).slice(0, subset);
  const trainSet = makeSet(all, sub, size), valSet = makeSet(all, va, size);
  console.log(JSON.stringify({ backend: info.name, simd: info.simd, train: sub.length, val: va.length }));
  for (const arch of (process.env.ARCHS ?? 'compact-cnn,compact-cnn-plain,compact-cnn-wide').split(',')) {
    const m = getArchitecture(arch)({ inputShape: [size, size, 1], numClasses: 2 });
    const params = countParams(m).total, mac = macs(m); m.dispose();
    const t0 = Date.now();
    const r = await train({ train: trainSet, validation: valSet, architecture: arch, epochs, batchSize: 32, lr: 2e-3, seed: 1, outDir: `${WORK}/compare/${arch}-${Date.now()}`,
      schedule: 'none', earlyStoppingPatience: 0, callbacks: { onEpochEnd: (e) => console.log(JSON.stringify({ arch, ...e })) } });
    console.log(JSON.stringify({ summary: true, arch, params, macsPerImage: mac, wallSeconds: (Date.now() - t0) / 1000, imagesPerSecond: r.timing.imagesPerSecond, bestEpoch: r.bestEpoch, best: r.best, last: r.history[r.history.length - 1].val }));
  }
})();
