import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelCard, createRng, saveLayersModel, selectBackend } from '@medimg/core';
import { preprocessImageFile } from '@medimg/dataset';
import { getArchitecture } from '@medimg/model';
import { buildCli } from '../build-cli';
import { progressLine } from './train-progress';
import { batchProgressLine } from './predict-batch';

/** A real grayscale JPEG (via jimp, always installed). */
async function writeJpeg(path: string, size: number, seed: number): Promise<void> {
  const { Jimp } = await import('jimp');
  const rng = createRng(seed);
  const image = new Jimp({ width: size, height: size, color: 0x000000ff });
  for (let i = 0; i < size * size; i++) {
    const v = Math.round(128 + 60 * Math.sin(i / 7) + rng.normal() * 20) & 255;
    image.bitmap.data.set([v, v, v, 255], i * 4);
  }
  await writeFile(path, await image.getBuffer('image/jpeg'));
}

describe('medimg predict', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'medimg-predict-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('prints class probabilities for a JPEG that match the model on the same preprocessing', async () => {
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 3 });
    const preprocessing = { imageSize: 32, channels: 1 as const, resize: 'stretch' as const, scale: 'in-graph' as const };
    await saveLayersModel(model, join(dir, 'model'), createModelCard({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing, threshold: 0.4 }));
    const image = join(dir, 'xray.jpeg');
    await writeJpeg(image, 64, 1);
    const pixels = await preprocessImageFile(image, preprocessing);
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(pixels, [1, 32, 32, 1], 'int32').toFloat()) as tf.Tensor).dataSync().slice());
    model.dispose();

    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      await buildCli(['predict', '--model', join(dir, 'model'), image, join(dir, 'missing.jpeg'), '--json', '--quiet', '--backend', 'wasm']).parseAsync();
      await buildCli(['predict', '--model', join(dir, 'model'), image, '--quiet', '--backend', 'wasm']).parseAsync();
    } finally {
      spy.mockRestore();
    }
    const first = JSON.parse(out[0]!) as { path: string; probabilities: Record<string, number>; prediction: string };
    expect(first.path).toBe(image);
    expect(first.probabilities['NORMAL']).toBeCloseTo(expected[0]!, 4);
    expect(first.probabilities['PNEUMONIA']).toBeCloseTo(expected[1]!, 4);
    expect(first.prediction).toBe(expected[1]! >= 0.4 ? 'PNEUMONIA' : 'NORMAL');
    expect(first).toMatchObject({ threshold: 0.4 });
    const decision = expected[1]! >= 0.4 ? `PNEUMONIA \\(p\\(PNEUMONIA\\)=0\\.\\d+ >= ` : `NORMAL \\(p\\(PNEUMONIA\\)=0\\.\\d+ < `;
    expect(out[1]).toMatch(new RegExp(`^.*xray\\.jpeg: ${decision}threshold 0\\.4, [a-z]+\\) \\{"NORMAL":0\\.\\d+,"PNEUMONIA":0\\.\\d+\\}\\n$`));
    expect(out).toHaveLength(2); // the missing file is reported on stderr and skipped
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });

  it('takes a training run directory (RUN/best) in predict, freeze and export-onnx, saying so', async () => {
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 4 });
    const preprocessing = { imageSize: 32, channels: 1 as const, resize: 'stretch' as const, scale: 'in-graph' as const };
    const run = join(dir, 'run');
    await saveLayersModel(model, join(run, 'best'), createModelCard({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing, threshold: 0.5 }));
    model.dispose();
    const image = join(dir, 'xray2.jpeg');
    await writeJpeg(image, 48, 2);
    const out: string[] = [];
    const err: string[] = [];
    const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
    try {
      await buildCli(['predict', '--model', run, image, '--json', '--backend', 'wasm']).parseAsync();
      await buildCli(['freeze', '--model', run, '--out', join(dir, 'frozen'), '--json', '--backend', 'wasm']).parseAsync();
      await buildCli(['export-onnx', '--model', run, '--out', join(dir, 'run.onnx'), '--json', '--backend', 'wasm']).parseAsync();
      await buildCli(['predict', '--model', join(dir, 'run.onnx'), image, '--json']).parseAsync();
    } finally {
      spyOut.mockRestore();
      spyErr.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    expect(err.filter((l) => l.includes(`using ${join(run, 'best')} (the best model of the training run in ${run})`))).toHaveLength(3);
    const [viaRun, frozen, exported, viaOnnx] = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(frozen?.['maxAbsDiff']).toBeLessThanOrEqual(1e-5);
    expect(exported?.['pixelScale']).toBe('in-graph');
    const p = (r: Record<string, unknown> | undefined): number => (r?.['probabilities'] as Record<string, number>)['PNEUMONIA'] as number;
    expect(Math.abs(p(viaRun) - p(viaOnnx))).toBeLessThanOrEqual(2e-4); // the same raw pixels give the same answer in tfjs and onnxruntime
  });

  it('formats a TTY progress line with epoch, batch, loss, img/s and ETA', () => {
    expect(progressLine({ epoch: 2, epochs: 10, batch: 5, batches: 147, loss: 0.31234, imagesPerSecond: 41.26, etaSeconds: 3725 })).toBe('epoch 2/10 batch 5/147 loss 0.3123 41.3 img/s ETA 1:02:05');
  });
});

describe('medimg predict --data-dir (batch mode)', () => {
  it('formats a TTY progress line with done/total, img/s and ETA', () => {
    expect(batchProgressLine({ done: 1500, total: 2000, resumed: 0, failed: 2, imagesPerSecond: 412.34, etaSeconds: 1.2 })).toBe('predict 1500/2000 (75.0%) 412.3 img/s ETA 0:01, 2 unreadable');
    expect(batchProgressLine({ done: 0, total: 10, resumed: 0, failed: 0, imagesPerSecond: 0, etaSeconds: null })).toBe('predict 0/10 (0.0%) 0.0 img/s ETA --:--');
  });

  it('needs --out, and --queue must be a Redis URL (exit 2, message names the flag)', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (errors.push(String(chunk)), true));
    const empty = await mkdtemp(join(tmpdir(), 'medimg-batch-'));
    try {
      await buildCli(['predict', '--model', 'm.onnx', '--data-dir', empty]).parseAsync();
      expect(process.exitCode).toBe(2);
      await buildCli(['predict', '--model', 'm.onnx', '--data-dir', empty, '--out', join(empty, 'r.jsonl'), '--queue', 'http://x:1']).parseAsync();
      expect(process.exitCode).toBe(2);
    } finally {
      spy.mockRestore();
      process.exitCode = 0;
      await rm(empty, { recursive: true, force: true });
    }
    expect(errors.join('')).toMatch(/--data-dir needs --out results\.jsonl/);
    expect(errors.join('')).toMatch(/expected a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/x:1"/);
  });
});
