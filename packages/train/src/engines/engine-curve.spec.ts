import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayersModel, readModelMetadata, selectBackend } from '@medimg/core';
import { syntheticXraySet } from '../testing/synthetic-set';
import { train } from '../train';
import type { TrainOptions } from '../types';

describe('training engines end to end', () => {
  let out: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    out = await mkdtemp(join(tmpdir(), 'medimg-engines-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('compact-cnn: the onnxruntime engine follows the tfjs engine epoch by epoch on the same seed and data', async () => {
    const options: Omit<TrainOptions, 'outDir'> = {
      train: syntheticXraySet({ perClass: 20, size: 32, seed: 3 }), validation: syntheticXraySet({ perClass: 8, size: 32, seed: 4 }),
      architecture: 'compact-cnn', epochs: 3, batchSize: 16, lr: 1e-3, seed: 7, earlyStoppingPatience: 0,
    };
    const tfjs = await train({ ...options, outDir: join(out, 'tfjs'), engine: 'tfjs' });
    const ort = await train({ ...options, outDir: join(out, 'ort'), engine: 'onnxruntime', threads: 1 });
    expect(ort.engine).toBe('onnxruntime');
    expect(tfjs.engine).toBe('tfjs');
    // 40 images, batch 16: the last batch (8) runs through its own step graph.
    ort.history.forEach((r, i) => {
      const t = tfjs.history[i]!;
      expect(r.engine).toBe('onnxruntime');
      expect(Math.abs(r.loss - t.loss)).toBeLessThan(0.01);
      expect(Math.abs((r.val?.loss ?? 0) - (t.val?.loss ?? 0))).toBeLessThan(0.01);
    });
    const saved = await readModelMetadata(join(out, 'ort', 'best'));
    const result = JSON.parse(await readFile(join(out, 'ort', 'result.json'), 'utf8')) as { engine: string };
    expect(result.engine).toBe('onnxruntime');
    const model = await loadLayersModel(join(out, 'ort', 'best'));
    expect(model.layers.length).toBeGreaterThan(5);
    model.dispose();
    expect(saved.provenance?.engine).toBe('onnxruntime');
  });
});
