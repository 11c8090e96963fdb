import { createRng, hashSeed, OptionChecker, ValidationError, type BatchTransform, type ImageBatch, type IntensityNormalization, type LabeledImageSet } from '@medimg/core';
import { mapImageSet } from '../image-set';
import { normalizeBatch } from '../pixels/intensity-normalization';
import { STRESS_PERTURBATIONS, type Perturbation } from './perturbations';

const registry = new Map<string, Perturbation>(Object.entries(STRESS_PERTURBATIONS));

/** Adds (or replaces) a named perturbation for stressTransform/stressSuite. */
export function registerStressPerturbation(name: string, perturbation: Perturbation): void {
  registry.set(name, perturbation);
}

/** Names of every registered perturbation (the built-ins first). */
export function listStressPerturbations(): string[] {
  return [...registry.keys()];
}

/** Options of `stressTransform` and `stressSuite`. Defaults in brackets. */
export interface StressOptions {
  /** Severity multiplier of every perturbation (1 = the documented level). [1] */
  severity?: number;
  /** [1234] */
  seed?: number;
  /** The model's intensity normalisation, applied after the perturbation (as at inference). ['none'] */
  normalize?: IntensityNormalization;
}

function perturbationOf(name: string): Perturbation {
  const p = registry.get(name);
  if (p === undefined) throw new ValidationError('stress', [`unknown perturbation ${JSON.stringify(name)}. Fix: use one of ${listStressPerturbations().join(', ')}`]);
  return p;
}

/**
 * The BatchTransform of one named acquisition change: each image is perturbed with parameters drawn from a stream
 * seeded by (seed, name, image index), so the same image gets the same change in every pass and every run; the
 * epoch is ignored. Then the model's intensity normalisation. Pure.
 */
export function stressTransform(name: string, options: StressOptions = {}): BatchTransform {
  const v = new OptionChecker('stressTransform');
  if (options.severity !== undefined) v.number('severity', options.severity, 0, 4);
  if (options.seed !== undefined) v.int('seed', options.seed);
  v.done();
  const perturb = perturbationOf(name);
  const severity = options.severity ?? 1;
  const seed = options.seed ?? 1234;
  const normalize = options.normalize ?? 'none';
  return (batch: ImageBatch): ImageBatch => {
    const { height, width, channels } = batch;
    const per = height * width * channels;
    const pixels = new Uint8Array(batch.pixels.length);
    for (let i = 0; i < batch.size; i++) {
      const rng = createRng(hashSeed(`${seed}:${name}:${batch.indices[i] ?? i}`));
      pixels.set(perturb({ pixels: batch.pixels.subarray(i * per, (i + 1) * per), height, width, channels, severity, rng }), i * per);
    }
    return normalizeBatch({ ...batch, pixels, labels: batch.labels.slice(), indices: batch.indices.slice() }, normalize);
  };
}

/**
 * The shift-stress validation sets: `set` (decoded pixels, not yet normalised) under each named perturbation
 * (default: every registered one), each followed by `normalize`. Same images, labels and order as `set`.
 */
export function stressSuite(set: LabeledImageSet, perturbations: readonly string[] = listStressPerturbations(), options: StressOptions = {}): { name: string; set: LabeledImageSet }[] {
  const unknown = perturbations.filter((n) => !registry.has(n));
  if (unknown.length > 0) throw new ValidationError('stressSuite', [`unknown perturbation(s) ${unknown.join(', ')}. Fix: use any of ${listStressPerturbations().join(', ')}`]);
  return perturbations.map((name) => ({ name, set: mapImageSet(set, stressTransform(name, options)) }));
}
