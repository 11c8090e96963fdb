// Times renderOverlay: node packages/explain/bench/overlay-bench.cjs [BUNDLE (default: this package's dist/index.cjs)] [N=20]
// Profile renderOverlay on a 128 px image (the bench's compact-cnn input) -> 448 px overlay.
const { renderOverlay } = require(process.argv[2] ?? require('node:path').join(__dirname, '../dist/index.cjs'));
const size = 128;
const pixels = new Uint8Array(size * size);
for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
const map = new Float32Array(size * size);
for (let i = 0; i < map.length; i++) map[i] = ((i % size) / size) * (Math.floor(i / size) / size);
const e = { probabilities: Float32Array.from([0.3, 0.7]), map, width: size, height: size, classIndex: 1, className: 'PNEUMONIA', method: 'cam', layer: 'conv', peak: 1, lowRes: { width: 8, height: 8, data: new Float32Array(64) } };
const card = { classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, threshold: 0.5 };
(async () => {
  const image = { pixels, width: size, height: size, channels: 1 };
  await renderOverlay(image, e, card);
  const n = Number(process.argv[3] ?? 20);
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes = (await renderOverlay(image, e, card)).length;
  console.log(`renderOverlay 128 -> 448 px: ${((performance.now() - t0) / n).toFixed(1)} ms/image over ${n}, ${bytes} bytes`);
})();
