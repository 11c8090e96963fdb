import type { ImageBatch, Rng } from '@medimg/core';

/**
 * Per-image training targets of one batch: row i of `targets` (numClasses values, row-major) is image i's target
 * distribution and `sampleWeights[i]` its loss weight. The loss is sum_i sampleWeights[i] * CE(targets[i], p_i) / size.
 */
export interface SoftTargets {
  targets: Float32Array;
  sampleWeights: Float32Array;
}

/**
 * The targets every engine trains against without mixup, in float32 as the tfjs engine computes them: (1 - e) *
 * one-hot + e / k (label smoothing e), weighted by the class weight of each label.
 */
export function softTargets(labels: Int32Array, classWeights: readonly number[], labelSmoothing = 0): SoftTargets {
  const k = classWeights.length;
  const off = Math.fround(labelSmoothing / k);
  const on = Math.fround(Math.fround(1 - labelSmoothing) + off);
  const targets = new Float32Array(labels.length * k).fill(off);
  const sampleWeights = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    targets[i * k + label] = on;
    sampleWeights[i] = classWeights[label] ?? 1;
  }
  return { targets, sampleWeights };
}

/** A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape < 1 as Gamma(shape + 1) * U^(1 / shape)). */
function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next(); // (0, 1]
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(alpha, alpha) draw from `rng`: X / (X + Y) of two Gamma(alpha) draws. */
export function sampleBeta(rng: Rng, alpha: number): number {
  const x = gamma(rng, alpha);
  const y = gamma(rng, alpha);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** One batch after mixup, and the targets it trains against. */
export interface MixedBatch {
  batch: ImageBatch;
  targets: SoftTargets;
  /** Per image: its mixing coefficient lambda and its partner's position in the batch. */
  lambdas: Float64Array;
  partners: Int32Array;
}

/**
 * Mixup (Zhang et al., ICLR 2018) of one batch, one coefficient per image: image i is mixed with image j = pi(i) of
 * the same batch (pi a seeded shuffle) with lambda_i ~ Beta(alpha, alpha). Pixels become round(lambda_i x_i +
 * (1 - lambda_i) x_j) (uint8, at most half a grey level from the exact mix). The loss is the mixup loss lambda_i w_i
 * CE(t_i, p) + (1 - lambda_i) w_j CE(t_j, p) (t: the label-smoothed targets, w: the class weights); cross-entropy
 * is linear in the target, so that is one soft target per image: sampleWeight_i = lambda_i w_i + (1 - lambda_i) w_j
 * and target_i = (lambda_i w_i t_i + (1 - lambda_i) w_j t_j) / sampleWeight_i. Draws from `rng` in a fixed order
 * (the shuffle, then one lambda per image), so the same stream gives the same batch.
 */
export function mixupBatch(batch: ImageBatch, rng: Rng, alpha: number, classWeights: readonly number[], labelSmoothing = 0): MixedBatch {
  const n = batch.size;
  const k = classWeights.length;
  const partners = Int32Array.from(rng.shuffle(Array.from({ length: n }, (_, i) => i)));
  const lambdas = Float64Array.from({ length: n }, () => sampleBeta(rng, alpha));
  const own = softTargets(batch.labels, classWeights, labelSmoothing);
  const per = batch.height * batch.width * batch.channels;
  const pixels = new Uint8Array(batch.pixels.length);
  const targets = new Float32Array(n * k);
  const sampleWeights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = partners[i] as number;
    const l = lambdas[i] as number;
    const a = i * per;
    const b = j * per;
    for (let p = 0; p < per; p++) pixels[a + p] = Math.round(l * (batch.pixels[a + p] as number) + (1 - l) * (batch.pixels[b + p] as number));
    const wi = l * (own.sampleWeights[i] as number);
    const wj = (1 - l) * (own.sampleWeights[j] as number);
    const w = wi + wj;
    sampleWeights[i] = w;
    for (let c = 0; c < k; c++) targets[i * k + c] = w > 0 ? (wi * (own.targets[i * k + c] as number) + wj * (own.targets[j * k + c] as number)) / w : (own.targets[i * k + c] as number);
  }
  return { batch: { ...batch, pixels }, targets: { targets, sampleWeights }, lambdas, partners };
}
