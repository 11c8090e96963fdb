import { createModelCard, isValidationError, type ModelCard, type SplitManifest } from '@medimg/core';
import { ensembleCard } from './ensemble-card';

const split = (seed: number, digest: string): SplitManifest => ({ seed, valSplit: 0.1, grouping: 'patient', stratified: true, trainCount: 90, validation: { count: 10, digest } });
const card = (seed: number, s?: SplitManifest): ModelCard =>
  createModelCard({
    architecture: 'compact-cnn',
    classNames: ['NORMAL', 'PNEUMONIA'],
    positiveClass: 1,
    preprocessing: { imageSize: 32, channels: 1, resize: 'stretch', scale: 'in-graph' },
    threshold: seed / 100,
    provenance: { seed, datasetDigest: 'd1' },
    ...(s !== undefined ? { split: s } : {}),
  });

describe('ensembleCard and the members train/validation split', () => {
  it('keeps the split the members share (seeds 43 and 44 on split seed 42)', () => {
    const shared = split(42, 'a'.repeat(64));
    const c = ensembleCard([{ card: card(43, shared), source: 's43' }, { card: card(44, shared), source: 's44' }]);
    expect(c.split).toEqual(shared);
    expect(c.ensemble?.members.map((m) => m.seed)).toEqual([43, 44]);
    expect(c.threshold).toBeCloseTo(0.435, 10);
  });

  it('refuses members validated on different splits, naming each split and the --split-seed fix', () => {
    const err = (() => {
      try {
        ensembleCard([{ card: card(42, split(42, 'a'.repeat(64))), source: 's42' }, { card: card(43, split(43, 'b'.repeat(64))), source: 's43' }, { card: card(44), source: 's44' }]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isValidationError(err)).toBe(true);
    const text = String(err);
    expect(text).toContain('s43 has split seed 43, val-split 0.1, 10 validation files (digest bbbbbbbbbbbb...), s42 has split seed 42');
    expect(text).toContain('s44 has no split manifest, s42 has split seed 42');
    expect(text).toMatch(/Fix: train the members with one split, e\.g\. medimg train --seed 43 --split-seed 42/);
  });

  it('accepts members that all predate the split manifest, and writes no split', () => {
    const c = ensembleCard([{ card: card(1), source: 'a' }, { card: card(2), source: 'b' }]);
    expect(c.split).toBeUndefined();
  });
});
