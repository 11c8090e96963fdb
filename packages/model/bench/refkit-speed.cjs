// Training throughput of refkit-cnn at 300x300x3, batch 20 (benchmark, not CI): 1 warm-up step + N timed steps.
const ROOT = require('node:path').resolve(__dirname, '../../..');
const WORK = process.env.BENCH_DIR ?? '/tmp/medimg-real';
const tf = require(ROOT + '/node_modules/@tensorflow/tfjs');
const { selectBackend, createRng } = require(ROOT + '/packages/core/dist/index.cjs');
const { trainBatch, autoMicroBatchSize } = require(ROOT + '/packages/train/dist/index.cjs');
const { getArchitecture } = require(ROOT + '/packages/model/dist/index.cjs');
(async () => {
  const info = await selectBackend({ backend: 'wasm' });
  const steps = Number(process.env.STEPS ?? 3), B = 20, S = 300;
  const model = getArchitecture('refkit-cnn')({ inputShape: [S, S, 3], numClasses: 2, seed: 1 });
  const micro = process.env.MICRO ? Number(process.env.MICRO) : autoMicroBatchSize(model, B);
  const opt = tf.train.adam(1e-4);
  const vars = model.trainableWeights.map((w) => w.read());
  const cw = tf.tensor1d([1, 1]);
  const rng = createRng(1);
  const pixels = new Uint8Array(B * S * S * 3).map(() => rng.int(256));
  const batch = { pixels, labels: Int32Array.from({ length: B }, (_, i) => i % 2), size: B, height: S, width: S, channels: 3, indices: Int32Array.from({ length: B }, (_, i) => i) };
  const times = [];
  for (let s = 0; s <= steps; s++) {
    const t0 = performance.now();
    const loss = trainBatch(model, opt, vars, batch, cw, micro);
    times.push((performance.now() - t0) / 1000);
    console.log(JSON.stringify({ step: s, warmup: s === 0, seconds: times[s], loss, micro, numBytesInWasm: tf.memory().numBytesInGPU ?? null }));
  }
  const timed = times.slice(1).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ summary: true, backend: info.name, simd: info.simd, batch: B, microBatchSize: micro, steps, seconds: timed, imagesPerSecond: (steps * B) / timed, rssMB: Math.round(process.memoryUsage().rss / 1e6) }));
})();
