import { createRng, type ImageBatch } from '@medimg/core';
import { mixupBatch, sampleBeta, softTargets } from './mixup';

/** 4 images of 3 pixels, labels 0, 1, 1, 0. */
const batch: ImageBatch = {
  pixels: Uint8Array.of(0, 100, 255, 10, 20, 30, 200, 201, 202, 7, 7, 7),
  labels: Int32Array.of(0, 1, 1, 0),
  indices: Int32Array.of(0, 1, 2, 3),
  size: 4,
  height: 1,
  width: 3,
  channels: 1,
};

describe('mixup', () => {
  it('softTargets: (1 - e) one-hot + e / k and the class weight of each label, in float32', () => {
    const t = softTargets(Int32Array.of(0, 1), [2, 0.5], 0.1);
    expect(Array.from(t.targets)).toEqual([Math.fround(0.95), Math.fround(0.05), Math.fround(0.05), Math.fround(0.95)]);
    expect(Array.from(t.sampleWeights)).toEqual([2, 0.5]);
  });

  it('mixes each image with its partner by its own lambda, and the targets as the weighted mixup loss says', () => {
    const m = mixupBatch(batch, createRng(7), 0.4, [2, 0.5], 0.1);
    expect(Array.from(m.partners).sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(m.lambdas).size).toBe(4); // one coefficient per image
    const t = [[0.95, 0.05], [0.05, 0.95]];
    const w = [2, 0.5];
    for (let i = 0; i < 4; i++) {
      const j = m.partners[i] as number;
      const l = m.lambdas[i] as number;
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThanOrEqual(1);
      for (let p = 0; p < 3; p++) expect(m.batch.pixels[i * 3 + p]).toBe(Math.round(l * (batch.pixels[i * 3 + p] as number) + (1 - l) * (batch.pixels[j * 3 + p] as number)));
      const yi = batch.labels[i] as number;
      const yj = batch.labels[j] as number;
      const sw = l * (w[yi] as number) + (1 - l) * (w[yj] as number);
      expect(m.targets.sampleWeights[i]).toBeCloseTo(sw, 6);
      for (let c = 0; c < 2; c++) {
        // sampleWeight * target = lambda w_i t_i + (1 - lambda) w_j t_j: the mixup loss, CE being linear in the target
        expect((m.targets.sampleWeights[i] as number) * (m.targets.targets[i * 2 + c] as number)).toBeCloseTo(l * (w[yi] as number) * (t[yi]![c] as number) + (1 - l) * (w[yj] as number) * (t[yj]![c] as number), 6);
      }
      expect((m.targets.targets[i * 2] as number) + (m.targets.targets[i * 2 + 1] as number)).toBeCloseTo(1, 6);
    }
    expect(Array.from(m.batch.labels)).toEqual([0, 1, 1, 0]); // labels are kept; the targets carry the mix
    // the input batch is not modified, and the same stream gives the same mix
    expect(Array.from(batch.pixels)).toEqual([0, 100, 255, 10, 20, 30, 200, 201, 202, 7, 7, 7]);
    const again = mixupBatch(batch, createRng(7), 0.4, [2, 0.5], 0.1);
    expect(Array.from(again.batch.pixels)).toEqual(Array.from(m.batch.pixels));
    expect(Array.from(again.targets.targets)).toEqual(Array.from(m.targets.targets));
  });

  it('a label-0 image mixed with a label-1 image: weight 2 l + 0.5 (1 - l), target (1.9 l + 0.025 (1 - l)) / weight', () => {
    // a seed whose first image draws a label-1 partner; at l = 0.25: weight 0.875, target 0.5643
    for (let seed = 0; seed < 50; seed++) {
      const m = mixupBatch(batch, createRng(seed), 1, [2, 0.5], 0.1);
      const j = m.partners[0] as number;
      if (batch.labels[j] !== 1) continue;
      const l = m.lambdas[0] as number;
      const sw = 2 * l + 0.5 * (1 - l);
      expect(m.targets.sampleWeights[0]).toBeCloseTo(sw, 6);
      expect(m.targets.targets[0]).toBeCloseTo((2 * l * 0.95 + 0.5 * (1 - l) * 0.05) / sw, 6);
      const at = (x: number): number => (2 * x * 0.95 + 0.5 * (1 - x) * 0.05) / (2 * x + 0.5 * (1 - x));
      expect(at(0.25)).toBeCloseTo(0.5643, 4);
      return;
    }
    throw new Error('no seed gave a label-1 partner');
  });

  it('draws lambda from Beta(alpha, alpha): mean 1/2, variance 1 / (4 (2 alpha + 1))', () => {
    for (const alpha of [0.2, 1, 4]) {
      const rng = createRng(11);
      const xs = Array.from({ length: 20000 }, () => sampleBeta(rng, alpha));
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(1);
      expect(mean).toBeCloseTo(0.5, 1.5);
      expect(variance).toBeCloseTo(1 / (4 * (2 * alpha + 1)), 2);
    }
  });
});
