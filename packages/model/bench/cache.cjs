// Benchmark helper (not repo code): decode the real train split once to 128x128 grayscale uint8 for architecture comparison.
const ROOT = require('node:path').resolve(__dirname, '../../..');
const WORK = process.env.BENCH_DIR ?? '/tmp/medimg-real';
const sharp = require(ROOT + '/node_modules/sharp');
const fs = require('node:fs');
const path = require('node:path');
const root = process.env.DATA_DIR ?? '/work/shared/data/chest_xray/train';
const size = Number(process.argv[2] ?? 128);
const files = [];
for (const [label, cls] of ['NORMAL', 'PNEUMONIA'].entries()) {
  for (const f of fs.readdirSync(path.join(root, cls)).sort()) if (/\.jpe?g$/i.test(f)) files.push({ f: path.join(root, cls, f), label, cls });
}
(async () => {
  const pixels = new Uint8Array(files.length * size * size);
  for (let i = 0; i < files.length; i++) {
    const buf = await sharp(files[i].f).greyscale().resize(size, size, { fit: 'fill' }).raw().toBuffer();
    pixels.set(buf.subarray(0, size * size), i * size * size);
  }
  const patient = (p) => { const b = path.basename(p); const m = /^(person\d+)_/.exec(b) || /^((?:NORMAL2-)?IM-\d+)-/.exec(b); return m ? m[1] : b; };
  fs.writeFileSync(`${WORK}/cache-${size}.bin`, pixels);
  fs.writeFileSync(`${WORK}/cache-${size}.json`, JSON.stringify({ size, labels: files.map((x) => x.label), patients: files.map((x) => patient(x.f)), files: files.map((x) => x.f) }));
  console.log('cached', files.length);
})();
