import * as tf from '@tensorflow/tfjs';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import { createRng, selectBackend } from '@medimg/core';
import { freeze, toOnnx } from '@medimg/export';
import { defaultInputFor, getArchitecture, listArchitectures } from '@medimg/model';
import { encodeModel } from '@medimg/onnx';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Round trip LayersModel -> GraphModel (freeze) and -> ONNX (onnxruntime) for every registered architecture at its
// design input size. Lives in the CLI app because @medimg/export deliberately does not depend on @medimg/model.
const tmp = mkdtempSync(join(tmpdir(), 'medimg-arch-rt-'));
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe.each(listArchitectures())('architecture %s', (name) => {
  it('gives the same outputs as a GraphModel (<= 1e-5) and in onnxruntime (<= 1e-4)', async () => {
    const { imageSize, channels } = defaultInputFor(name);
    const shape = [imageSize, imageSize, channels];
    const model = getArchitecture(name)({ inputShape: [imageSize, imageSize, channels], numClasses: 2, seed: 1 });
    const rng = createRng(7);
    const x = Float32Array.from({ length: imageSize * imageSize * channels }, () => rng.next());
    const before = tf.memory().numTensors;
    try {
      const expected = tf.tidy(() => (model.predict(tf.tensor(x, [1, ...shape])) as tf.Tensor).dataSync().slice());
      // Unsaturated outputs, so a conversion error shows in the probabilities.
      expect(Math.max(...expected)).toBeLessThan(0.999);
      const report = await freeze({ model, outDir: join(tmp, name) });
      expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
      expect(report.opCounts['_FusedConv2D']).toBe(model.layers.filter((l) => l.getClassName() === 'Conv2D').length);

      const ort = await loadOrt();
      const session = await createOrtSession(encodeModel(toOnnx({ model })));
      try {
        const out = await session.run({ input: new ort.Tensor('float32', x, [1, ...shape]) });
        const y = out['probabilities']?.data as Float32Array;
        expect(y.length).toBe(2);
        expect(maxAbsDiff(expected, y)).toBeLessThanOrEqual(1e-4);
      } finally {
        await session.release();
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
      rmSync(join(tmp, name), { recursive: true, force: true });
    }
  }, 300000);
});
