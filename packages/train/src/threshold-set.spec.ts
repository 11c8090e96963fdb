import { join } from 'node:path';
import { tempDir } from '@medimg/core/testing';
import { createRng, hashSeed, loadLayersModel, readModelCard, selectBackend, type ImageBatch, type LabeledImageSet } from '@medimg/core';
import { computeMetrics } from '@medimg/metrics';
import { calibrateCard } from './calibrate-card';
import { evaluate } from './evaluate';
import { layersPredictor } from './predictor';
import { syntheticXraySet } from './testing/synthetic-set';
import { train } from './train';
import type { ThresholdSet } from './threshold-set';

/** The set's images under a seeded acquisition change: brighter by `add` grey levels, with Gaussian noise of `sigma`. */
function shifted(set: LabeledImageSet, add: number, sigma: number, seed: number): LabeledImageSet {
  const change = (b: ImageBatch): ImageBatch => {
    const pixels = new Uint8Array(b.pixels.length);
    const per = b.height * b.width * b.channels;
    for (let i = 0; i < b.size; i++) {
      const rng = createRng(hashSeed(`${seed}:${b.indices[i]}`));
      for (let k = i * per; k < (i + 1) * per; k++) pixels[k] = Math.max(0, Math.min(255, Math.round((b.pixels[k] as number) + add + sigma * rng.normal())));
    }
    return { ...b, pixels };
  };
  return { ...set, batches: (o) => set.batches({ ...o, transform: o.transform ? (b, e) => o.transform!(change(b), e) : change }) };
}

/** p(PNEUMONIA) and 0/1 labels of a model on several sets, pooled, computed here independently of the fit. */
async function pooledScores(model: Parameters<typeof layersPredictor>[0], sets: LabeledImageSet[]): Promise<{ p: Float32Array; y: Int32Array }> {
  const p: number[] = [];
  const y: number[] = [];
  for (const set of sets) {
    const r = await evaluate({ model, set });
    for (let i = 0; i < r.labels.length; i++) {
      p.push(r.probabilities[2 * i + 1] as number);
      y.push(r.labels[i] as number);
    }
  }
  return { p: Float32Array.from(p), y: Int32Array.from(y) };
}

describe('operating points fitted on validation pooled with shifted variants', () => {
  let out: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    out = await tempDir('threshold-set');
  });

  it('train records the pooled set, meets specificity:0.9 on it, and calibrate re-fits on plain validation', async () => {
    const validation = syntheticXraySet({ perClass: 20, size: 32, seed: 12 });
    const variants = [shifted(validation, 40, 10, 1), shifted(validation, -30, 20, 2)];
    const thresholdSet: ThresholdSet = { name: 'stress', sets: [{ name: 'bright', set: variants[0]! }, { name: 'dark-noisy', set: variants[1]! }], stress: { perturbations: ['bright', 'dark-noisy'], severity: 1, seed: 7 } };
    await train({
      train: syntheticXraySet({ perClass: 24, size: 32, seed: 11 }), validation, outDir: join(out, 'run'), architecture: 'compact-cnn', epochs: 2, batchSize: 16, lr: 3e-3, seed: 3,
      earlyStoppingPatience: 0, thresholdPolicy: 'specificity:0.90', thresholdSet,
    });
    const card = await readModelCard(join(out, 'run', 'best'));
    expect(card.thresholdPolicy).toEqual({ name: 'specificity:0.9', on: 'stress', stress: { perturbations: ['bright', 'dark-noisy'], severity: 1, seed: 7 }, images: 120, fittedBy: 'train' });
    expect(card.calibration).toMatchObject({ on: 'stress' });
    expect(card.operatingPoints?.['specificity:0.9']).toBe(card.threshold);

    // Independently: on the 120 pooled predictions the threshold keeps specificity >= 0.9, and it is the lowest that does
    // (the next lower NORMAL score would let one more NORMAL through and drop below 0.9).
    const model = await loadLayersModel(join(out, 'run', 'best'));
    const pooled = await pooledScores(model, [validation, ...variants]);
    const at = computeMetrics(pooled.p, pooled.y, card.threshold);
    expect(at.confusion.tn + at.confusion.fp).toBe(60);
    expect(at.specificity).toBeGreaterThanOrEqual(0.9);
    expect(card.metrics?.['stress']).toMatchObject({ images: 120, specificity: at.specificity, sensitivity: at.sensitivity });
    const negativesBelow = Array.from(pooled.p).filter((s, i) => pooled.y[i] === 0 && s < card.threshold);
    expect(computeMetrics(pooled.p, pooled.y, Math.max(...negativesBelow)).specificity).toBeLessThan(0.9);
    // The plain validation row of the card is plain validation at that same threshold.
    const plain = await evaluate({ model, set: validation, threshold: card.threshold });
    expect(card.metrics?.['validation']).toMatchObject({ images: 40, specificity: plain.binary!.specificity, sensitivity: plain.binary!.sensitivity });

    // calibrate on plain validation: the threshold of specificity:0.9 on those 40 predictions; the stale stress row goes.
    const again = await calibrateCard({ predictor: layersPredictor(model), card, validation });
    const v = await pooledScores(model, [validation]);
    expect(again.policy).toBe('specificity:0.9');
    expect(again.card.thresholdPolicy).toEqual({ name: 'specificity:0.9', on: 'validation', images: 40, fittedBy: 'calibrate' });
    expect(computeMetrics(v.p, v.y, again.card.threshold).specificity).toBeGreaterThanOrEqual(0.9);
    expect(again.card.metrics?.['stress']).toBeUndefined();
    expect(Object.keys(again.card.operatingPoints ?? {})).toEqual(['specificity:0.9', 'youden', 'sensitivity:0.95', 'cost:5']);
    await expect(calibrateCard({ predictor: layersPredictor(model), card, validation, policy: 'f1' })).rejects.toThrow(/unknown threshold policy "f1"/);
    model.dispose();
  });
});
