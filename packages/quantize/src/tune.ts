import { encodeModel, type OnnxModel } from '@medimg/onnx';
import { buildQdqModel, tensorParams } from './build-qdq';
import { evaluateBytes, type Evaluation } from './evaluate';
import type { Decision } from './decision';
import { guardChecks } from './guard';
import { meanAbsDiff } from './output-drift';
import { planQuantization, QUANT_KINDS, type QuantPlan } from './plan';
import type { ResolvedQuantizeOptions } from './options';
import type { LabeledImageSet } from '@medimg/core';
import type { FallbackLayer, GuardCheck, ModelScores, QuantizeProgress, TensorRange, TrialRecord } from './types';

export interface Candidate {
  model: OnnxModel;
  bytes: Uint8Array;
  plan: QuantPlan;
}

export interface TuneInput {
  /** Pre-processed FP32 model. */
  model: OnnxModel;
  ranges: ReadonlyMap<string, TensorRange>;
  validation: LabeledImageSet;
  fp32: Evaluation;
  decision: Decision;
  options: ResolvedQuantizeOptions;
  onProgress?: (p: QuantizeProgress) => void;
}

export interface TuneResult {
  chosen: Candidate;
  scores: ModelScores;
  met: boolean;
  goal: number;
  guard: GuardCheck[];
  fallbackLayers: FallbackLayer[];
  trials: TrialRecord[];
}

const metricOf = (s: ModelScores, metric: 'accuracy' | 'auc'): number => (metric === 'auc' ? (s.auc ?? 0) : s.accuracy);

/** The INT8 candidate with the nodes in `exclude` left FP32. */
export function buildCandidate(model: OnnxModel, ranges: ReadonlyMap<string, TensorRange>, exclude: ReadonlySet<string>, options: ResolvedQuantizeOptions): Candidate {
  const plan = planQuantization(model.graph, exclude);
  const q = buildQdqModel(model, plan, tensorParams(plan, ranges, options.activations));
  return { model: q, bytes: encodeModel(q), plan };
}

/**
 * Accuracy-aware tuning (Intel Neural Compressor's default loop): evaluate the fully quantized model; while the guard
 * fails (an INT8 metric below (1 - tolerance) x FP32 at the card's threshold), rank the quantized layers by sensitivity (how much keeping each one alone in FP32 cuts the
 * output drift on `sensitivitySize` validation images) and fall back the most sensitive one at a time, until the goal
 * holds or `maxTrials` candidates were evaluated. Returns the first candidate that meets the goal, else the best one.
 */
export async function tune(input: TuneInput): Promise<TuneResult> {
  const { model, ranges, validation, options } = input;
  const { logger, metric } = options;
  const goal = (1 - options.tolerance) * metricOf(input.fp32.scores, metric);
  const base = new Set(options.excludeNodes);
  const trials: TrialRecord[] = [];
  const evaluate = async (exclude: Set<string>): Promise<{ candidate: Candidate; scores: ModelScores; met: boolean }> => {
    const candidate = buildCandidate(model, ranges, exclude, options);
    const { scores } = await evaluateBytes(candidate.bytes, validation, {
      batchSize: options.batchSize,
      decision: input.decision,
      onBatch: (done) => input.onProgress?.({ phase: 'evaluate', done, total: validation.size }),
    });
    const met = guardChecks(input.fp32.scores, scores, options.tolerance).every((c) => c.met);
    const fallback = [...exclude].filter((n) => !base.has(n));
    trials.push({ trial: trials.length + 1, fallback, scores, met });
    logger.info(`quantize trial ${trials.length}: ${metric} ${metricOf(scores, metric).toFixed(4)} (goal ${goal.toFixed(4)}), guard ${met ? 'met' : 'NOT met'}, ${fallback.length} layer(s) in FP32`, { fallback, scores });
    return { candidate, scores, met };
  };
  let best = await evaluate(base);
  const guardOf = (s: ModelScores): GuardCheck[] => guardChecks(input.fp32.scores, s, options.tolerance);
  if (best.met || trials.length >= options.maxTrials) return { chosen: best.candidate, scores: best.scores, met: best.met, goal, guard: guardOf(best.scores), fallbackLayers: [], trials };

  const ranking = await rankSensitivity(input, best.candidate);
  const fallbackLayers: FallbackLayer[] = [];
  const exclude = new Set(base);
  let bestFallback: FallbackLayer[] = [];
  for (const [rank, r] of ranking.entries()) {
    if (trials.length >= options.maxTrials) break;
    exclude.add(r.node);
    fallbackLayers.push({
      node: r.node,
      opType: r.opType,
      sensitivity: r.sensitivity,
      reason: `${failedText(guardOf(trials[trials.length - 1]?.scores ?? best.scores))}; rank ${rank + 1} of ${ranking.length} by sensitivity: keeping it FP32 cuts the output drift from ${r.driftAll.toExponential(3)} to ${r.driftWithout.toExponential(3)}`,
    });
    const next = await evaluate(exclude);
    if (next.met || metricOf(next.scores, metric) > metricOf(best.scores, metric)) {
      best = next;
      bestFallback = [...fallbackLayers];
    }
    if (next.met) break;
  }
  return { chosen: best.candidate, scores: best.scores, met: best.met, goal, guard: guardOf(best.scores), fallbackLayers: bestFallback, trials };
}

/** The guard's failed comparisons, e.g. `INT8 sensitivity 0.9012 < goal 0.9405`. */
function failedText(checks: GuardCheck[]): string {
  const failed = checks.filter((c) => !c.met);
  return failed.length === 0 ? 'guard met' : failed.map((c) => `INT8 ${c.metric} ${c.int8.toFixed(4)} < goal ${c.goal.toFixed(4)}`).join(', ');
}

interface Sensitivity {
  node: string;
  opType: string;
  sensitivity: number;
  driftAll: number;
  driftWithout: number;
}

/** Leave-one-out sensitivity of every quantized layer (ops that only reuse their input's parameters are not ranked). */
async function rankSensitivity(input: TuneInput, full: Candidate): Promise<Sensitivity[]> {
  const { model, ranges, validation, options } = input;
  const limit = Math.min(options.sensitivitySize, validation.size);
  const reference = input.fp32.probabilities.subarray(0, (input.fp32.probabilities.length / validation.size) * limit);
  const drift = async (bytes: Uint8Array): Promise<number> =>
    meanAbsDiff((await evaluateBytes(bytes, validation, { batchSize: options.batchSize, decision: input.decision, limit })).probabilities, reference);
  const driftAll = await drift(full.bytes);
  const nodes = model.graph.node.filter((n) => full.plan.nodes.has(n.name) && QUANT_KINDS[n.opType] !== 'shared');
  const out: Sensitivity[] = [];
  for (const [i, n] of nodes.entries()) {
    const candidate = buildCandidate(model, ranges, new Set([...options.excludeNodes, n.name]), options);
    const driftWithout = await drift(candidate.bytes);
    out.push({ node: n.name, opType: n.opType, sensitivity: driftAll - driftWithout, driftAll, driftWithout });
    input.onProgress?.({ phase: 'sensitivity', done: i + 1, total: nodes.length });
  }
  out.sort((a, b) => b.sensitivity - a.sensitivity);
  options.logger.info('quantize: layer sensitivity ranked', { top: out.slice(0, 5).map((s) => `${s.node}: ${s.sensitivity.toExponential(2)}`) });
  return out;
}
