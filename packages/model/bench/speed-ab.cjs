// Interleaved training-throughput comparison (same load for each): batches of 32 at 128x128x1.
const ROOT = require('node:path').resolve(__dirname, '../../..');
const WORK = process.env.BENCH_DIR ?? '/tmp/medimg-real';
const tf = require(ROOT + '/node_modules/@tensorflow/tfjs');
const { selectBackend, createRng } = require(ROOT + '/packages/core/dist/index.cjs');
const { trainBatch } = require(ROOT + '/packages/train/dist/index.cjs');
const { getArchitecture } = require(ROOT + '/packages/model/dist/index.cjs');
(async () => {
  await selectBackend({ backend: 'wasm' });
  const archs = (process.env.ARCHS ?? 'compact-cnn,compact-cnn-plain').split(',');
  const B = 32, S = 128, rng = createRng(1);
  const batch = { pixels: new Uint8Array(B * S * S).map(() => rng.int(256)), labels: Int32Array.from({ length: B }, (_, i) => i % 2), size: B, height: S, width: S, channels: 1, indices: Int32Array.from({ length: B }, (_, i) => i) };
  const setups = archs.map((a) => { const m = getArchitecture(a)({ inputShape: [S, S, 1], numClasses: 2 }); return { a, m, opt: tf.train.adam(1e-3), vars: m.trainableWeights.map((w) => w.read()), t: 0, n: 0 }; });
  const cw = tf.tensor1d([1, 1]);
  for (const s of setups) trainBatch(s.m, s.opt, s.vars, batch, cw, B); // warm-up
  for (let round = 0; round < Number(process.env.ROUNDS ?? 4); round++) for (const s of setups) { const t0 = performance.now(); trainBatch(s.m, s.opt, s.vars, batch, cw, B); s.t += performance.now() - t0; s.n += B; }
  for (const s of setups) console.log(JSON.stringify({ arch: s.a, imagesPerSecond: s.n / (s.t / 1000) }));
  // forward-only per-op profile of one batch for the first arch
  const prof = await tf.profile(() => tf.tidy(() => setups[0].m.apply(tf.zeros([B, S, S, 1]), { training: true })));
  const byKernel = {};
  for (const k of prof.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + (k.kernelTimeMs ?? 0);
  console.log(JSON.stringify(Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 8)));
})();
