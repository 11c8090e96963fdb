import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@medimg/core/testing';
import { readModelCard, selectBackend, type ModelCard } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { medimg } from '../bad-input/cli-run';

interface EvaluateJson { images: number; loss: number; binary: { threshold: number; specificity: number }; tta: number }

describe('medimg train --threshold-set stress, calibrate, evaluate --tta', () => {
  let dir: string;
  let data: string;
  let runDir: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await tempDir('calibrate');
    data = join(dir, 'data');
    runDir = join(dir, 'run');
    await generateSyntheticXrays({ outDir: data, perClass: 40, size: 32, seed: 5, splits: { val: 0, test: 0 } });
    const trained = await medimg(['train', '--data-dir', data, '--out', runDir, '--epochs', '1', '--image-size', '32', '--batch-size', '16', '--engine', 'tfjs', '--backend', 'wasm', '--threshold-set', 'stress', '--seed', '43', '--split-seed', '42', '--quiet', '--json']);
    expect(trained.code).toBe(0);
  });

  it('train fits on validation pooled with the 7 stress variants; calibrate rewrites the card and predict then decides at it', async () => {
    const trained = await readModelCard(join(runDir, 'best'));
    const validationImages = trained.split!.validation.count;
    expect([trained.provenance['seed'], trained.split!.seed]).toEqual([43, 42]); // --seed 43 --split-seed 42
    expect(trained.thresholdPolicy).toEqual({ name: 'youden', on: 'stress', stress: { perturbations: ['contrast', 'gamma', 'noise', 'blur', 'resolution', 'exposure', 'crop'], severity: 1, seed: 1234 }, images: 8 * validationImages, fittedBy: 'train' });
    expect(trained.metrics?.['stress']?.images).toBe(8 * validationImages);

    const cal = await medimg(['calibrate', '--model', runDir, '--data-dir', data, '--policy', 'specificity:0.90', '--threshold-set', 'stress', '--backend', 'wasm', '--quiet', '--json']);
    expect(cal.code).toBe(0);
    const result = JSON.parse(cal.out) as { threshold: number; previousThreshold: number; metrics: ModelCard['metrics']; written: string };
    expect(result.previousThreshold).toBe(trained.threshold);
    expect(result.written).toBe(join(runDir, 'best'));
    const card = await readModelCard(join(runDir, 'best'));
    expect(card.threshold).toBe(result.threshold);
    expect(card.thresholdPolicy).toMatchObject({ name: 'specificity:0.9', on: 'stress', images: 8 * validationImages, fittedBy: 'calibrate' });
    expect(card.metrics?.['stress']?.specificity).toBeGreaterThanOrEqual(0.9);
    expect(card.operatingPoints?.['specificity:0.9']).toBe(card.threshold);
    expect((await readdir(join(runDir, 'best'))).filter((f) => f.includes('.tmp'))).toEqual([]);

    // evaluate on the same pooled set (plain + stress rows) agrees with the card: specificity >= 0.9 overall.
    const ev = await medimg(['evaluate', '--model', runDir, '--data-dir', data, '--split', 'validation', '--stress', 'all', '--bootstrap', '0', '--backend', 'wasm', '--quiet', '--json']);
    const e = JSON.parse(ev.out) as EvaluateJson & { stress: { rows: { images: number; specificity: number }[] } };
    expect(e.binary.threshold).toBe(card.threshold);
    expect(e.images).toBe(validationImages); // every stress row holds the same images, so the pooled specificity is the mean of the rows'
    const pooledSpecificity = (e.binary.specificity + e.stress.rows.reduce((s, r) => s + r.specificity, 0)) / 8;
    expect(pooledSpecificity).toBeCloseTo(card.metrics!['stress']!.specificity!, 10);

    const image = join(data, 'train', 'NORMAL', (await readdir(join(data, 'train', 'NORMAL')))[0]!);
    const pred = await medimg(['predict', '--model', runDir, image, '--json', '--quiet', '--backend', 'wasm']);
    expect((JSON.parse(pred.out) as { threshold: number }).threshold).toBe(card.threshold);
  });

  it('writes a calibrated copy with --out (a directory, an .onnx file) and leaves the original as it was', async () => {
    const before = await readModelCard(join(runDir, 'best'));
    const copy = await medimg(['calibrate', '--model', runDir, '--data-dir', data, '--policy', 'sensitivity:0.95', '--out', join(dir, 'copy'), '--backend', 'wasm', '--quiet', '--json']);
    expect(copy.code).toBe(0);
    const copied = await readModelCard(join(dir, 'copy'));
    expect(copied.thresholdPolicy).toMatchObject({ name: 'sensitivity:0.95', on: 'validation', fittedBy: 'calibrate' });
    expect(copied.metrics?.['validation']?.sensitivity).toBeGreaterThanOrEqual(0.95);
    expect(copied.metrics?.['stress']).toBeUndefined(); // fitted at another threshold: dropped
    expect(await readModelCard(join(runDir, 'best'))).toEqual(before);

    expect((await medimg(['export-onnx', '--model', runDir, '--out', join(dir, 'm.onnx'), '--backend', 'wasm', '--quiet', '--json'])).code).toBe(0);
    const onnx = await medimg(['calibrate', '--model', join(dir, 'm.onnx'), '--data-dir', data, '--policy', 'sensitivity:0.95', '--out', join(dir, 'm.cal.onnx'), '--quiet', '--json']);
    expect(onnx.code).toBe(0);
    const { readOnnxCard } = await import('@medimg/runtime');
    const card = readOnnxCard(join(dir, 'm.cal.onnx'));
    expect(card.thresholdPolicy.name).toBe('sensitivity:0.95');
    expect(card.threshold).toBeCloseTo(copied.threshold, 5); // the same model on the same images, another engine
    expect(readOnnxCard(join(dir, 'm.onnx')).threshold).toBe(before.threshold);
  });

  it('--tta 1 is plain evaluation exactly, --tta 3 is not', async () => {
    const base = ['evaluate', '--model', runDir, '--data-dir', data, '--split', 'validation', '--bootstrap', '0', '--backend', 'wasm', '--quiet', '--json'];
    const plain = JSON.parse((await medimg(base)).out) as EvaluateJson;
    const one = JSON.parse((await medimg([...base, '--tta', '1'])).out) as EvaluateJson;
    const three = JSON.parse((await medimg([...base, '--tta', '3'])).out) as EvaluateJson;
    expect(one).toEqual(plain);
    expect(three.tta).toBe(3);
    expect(Math.abs(three.loss - plain.loss)).toBeGreaterThan(1e-6);
  });

  it('bad flags exit 2 with the fix, before any data is read', async () => {
    const policy = await medimg(['calibrate', '--model', runDir, '--data-dir', data, '--policy', 'f1', '--quiet']);
    expect(policy.code).toBe(2);
    expect(policy.err).toMatch(/unknown threshold policy "f1".*Fix/);
    const stress = await medimg(['calibrate', '--model', runDir, '--data-dir', data, '--threshold-set', 'stress', '--stress', 'fog', '--quiet']);
    expect(stress.code).toBe(2);
    expect(stress.err).toMatch(/unknown perturbation\(s\) fog. Fix: use all, or any of contrast/);
    const zoo = await medimg(['calibrate', '--model', 'zoo:pneumonia', '--data-dir', data, '--quiet']);
    expect(zoo.code).toBe(2);
    expect(zoo.err).toMatch(/zoo:pneumonia is a packaged model .*Fix: pass --out DIR/);
    const tta = await medimg(['evaluate', '--model', runDir, '--data-dir', data, '--tta', '9', '--quiet']);
    expect(tta.code).toBe(2);
    expect(tta.err).toMatch(/tta must be an integer in \[1, 8\]; got 9/);
  });
});
