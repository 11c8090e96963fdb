import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { type ImageBatch, type Rng } from '@medimg/core';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import { encodeModel } from '@medimg/onnx';
import { swaDecay } from '../../ema';
import { softTargets, type SoftTargets } from '../../mixup';
import { withSeededRandom } from '../../seeded-random';
import type { Predictor } from '../../types';
import type { EngineFactory, TrainingEngine } from '../types';
import { batchStatOutput, buildBatchStatsGraph, buildEvalGraph, buildStepGraph, momentInputs, stepOutputs, type LoweredGraph } from './lower-training';
import { probeNchwcBlock } from './nchwc-probe';
import { engineWeightAverage } from './weight-average';
import { readAdam, readWeights, writeAdam, writeWeights, type AdamState } from './weight-state';

type Session = import('onnxruntime-node').InferenceSession;

/** The hyper-parameters of the run's tfjs Adam (the engine applies the same update). */
function adamOptions(optimizer: tf.Optimizer): { beta1: number; beta2: number; epsilon: number } {
  const o = optimizer as unknown as { beta1?: number; beta2?: number; epsilon?: number };
  if (optimizer.getClassName() !== 'Adam') throw new RangeError(`Error in the onnxruntime engine: only Adam is supported, got ${optimizer.getClassName()}`);
  return { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.epsilon ?? 1e-7 };
}

interface Compiled {
  graph: LoweredGraph;
  session: Session;
}

/**
 * tfjs' dropout multiplier (floor(u + keep) / keep) drawn from the seeded stream, as tf.dropout draws it. The values
 * are read outside tf.tidy: tidy walks what its callback returns, and a Float32Array returned from it costs a
 * look at every element (~2 ms a step for compact-cnn's [32, 128] mask).
 */
function dropoutMask(shape: number[], rate: number): Float32Array {
  const mask = tf.tidy(() => tf.dropout(tf.ones(shape), rate));
  try {
    return (mask.dataSync() as Float32Array).slice();
  } finally {
    mask.dispose();
  }
}

/**
 * Trains in onnxruntime-node: one ONNX graph per batch size holds the forward pass, the loss, the gradients
 * (@medimg/autodiff) and Adam; weights, moments and batch-norm statistics go in and come out of every run, and the
 * outputs become the next step's inputs without a copy. Intra-op threads default to every core.
 */
export const onnxruntimeEngine: EngineFactory = async ({ model, optimizer, classWeights, batchSize, labelSmoothing = 0, threads, logger }) => {
  const ort = await loadOrt();
  const intraOpNumThreads = threads ?? availableParallelism();
  const probe = buildEvalGraph(model, 1); // throws UnsupportedForEngineError before anything runs
  const hyper = adamOptions(optimizer);
  // Convs with channel counts that are multiples of the machine's NCHWc block run in onnxruntime's blocked layout.
  const nchwcBlock = await probeNchwcBlock(ort);
  const lowering = nchwcBlock === undefined ? {} : { nchwcBlock };
  const build = (m: tf.LayersModel, n: number): LoweredGraph => buildStepGraph(m, n, hyper, lowering);
  const buildEval = (m: tf.LayersModel, n: number): LoweredGraph => buildEvalGraph(m, n, lowering);
  const buildStats = (m: tf.LayersModel, n: number): LoweredGraph => buildBatchStatsGraph(m, n, lowering);
  const params = build(model, 1).params;
  const values = readWeights(model, [...params, ...probe.states]);
  // What the predictor reads: the live values, or a weight average while it is swapped in.
  let served: ReadonlyMap<string, Float32Array> = values;
  const adam: AdamState = await readAdam(optimizer, params);
  // Outputs are written into pre-allocated buffers (no copy out of onnxruntime, no garbage per step); each step's
  // outputs become the next step's inputs and the previous inputs the next outputs (ping-pong).
  const spare = new Map<string, Float32Array>();
  const spareOf = (key: string, like: Float32Array): Float32Array => {
    let buf = spare.get(key);
    if (buf === undefined || buf.length !== like.length) {
      buf = new Float32Array(like.length);
      spare.set(key, buf);
    }
    return buf;
  };
  let lr = 1e-3;
  const steps = new Map<number, Compiled>();
  const evals = new Map<number, Compiled>();
  const statsGraphs = new Map<number, Compiled>();
  const compile = async (cache: Map<number, Compiled>, n: number, build: (m: tf.LayersModel, n: number) => LoweredGraph): Promise<Compiled> => {
    const known = cache.get(n);
    if (known !== undefined) return known;
    const t0 = performance.now();
    const graph = build(model, n);
    const session = await createOrtSession(encodeModel(graph.model), { threads: intraOpNumThreads, label: `training graph ${graph.model.graph.name}` });
    logger.debug(`onnxruntime engine: compiled ${graph.model.graph.name} for batch ${n} (${graph.model.graph.node.length} nodes) in ${(performance.now() - t0).toFixed(0)} ms`);
    // Keep at most the full batch size and one remainder size per kind.
    if (cache.size >= 2) {
      const [oldest, old] = cache.entries().next().value as [number, Compiled];
      await old.session.release();
      cache.delete(oldest);
    }
    const compiled = { graph, session };
    cache.set(n, compiled);
    return compiled;
  };
  // onnxruntime Tensors over the engine's long-lived buffers (weights, moments and their ping-pong spares), made once
  // per buffer rather than ~90 new ones every step.
  const wrapped = new WeakMap<Float32Array, import('onnxruntime-node').Tensor>();
  const tensor = (data: Float32Array, dims: readonly number[]): import('onnxruntime-node').Tensor => new ort.Tensor('float32', data, [...dims]);
  const held = (data: Float32Array, dims: readonly number[]): import('onnxruntime-node').Tensor => {
    const known = wrapped.get(data);
    if (known !== undefined && known.dims.length === dims.length && known.dims.every((d, i) => d === dims[i])) return known;
    const t = tensor(data, dims);
    wrapped.set(data, t);
    return t;
  };
  const imageTensor = (batch: ImageBatch): import('onnxruntime-node').Tensor => new ort.Tensor('uint8', batch.pixels, [batch.size, batch.height, batch.width, batch.channels]);
  const weightFeeds = (graph: LoweredGraph, from: ReadonlyMap<string, Float32Array> = values): Record<string, import('onnxruntime-node').Tensor> => {
    const feeds: Record<string, import('onnxruntime-node').Tensor> = {};
    for (const s of [...graph.params, ...graph.states]) feeds[s.name] = held(from.get(s.name) as Float32Array, s.onnxShape);
    return feeds;
  };
  const version = (ort as unknown as { env?: { versions?: { common?: string } } }).env?.versions?.common ?? '';

  const engine: TrainingEngine = {
    name: 'onnxruntime',
    description: `onnxruntime-node${version ? ` ${version}` : ''} cpu, ${intraOpNumThreads} threads${nchwcBlock === undefined ? '' : `, NCHWc ${nchwcBlock}`}`,
    microBatchSize: batchSize,
    setLearningRate: (value) => void (lr = value),
    async step(batch: ImageBatch, random: Rng, given?: SoftTargets): Promise<number> {
      const { graph, session } = await compile(steps, batch.size, build);
      const k = graph.numClasses;
      // Targets as the tfjs engine builds them in float32 (one-hot * (1 - e) + e / k, class weights), or mixup's.
      const { targets, sampleWeights } = given ?? softTargets(batch.labels, classWeights, labelSmoothing);
      const t = adam.iterations + 1;
      const feeds = weightFeeds(graph);
      feeds.image = imageTensor(batch);
      feeds.onehot = tensor(targets, [batch.size, k]);
      feeds.sample_weight = tensor(sampleWeights, [batch.size]);
      feeds.lr = tensor(Float32Array.of(lr), []);
      feeds.one_minus_beta1_power = tensor(Float32Array.of(1 - Math.fround(hyper.beta1 ** t)), []);
      feeds.one_minus_beta2_power = tensor(Float32Array.of(1 - Math.fround(hyper.beta2 ** t)), []);
      const masks = withSeededRandom(random, () => graph.masks.map((m) => dropoutMask(m.shape, m.rate)));
      graph.masks.forEach((m, i) => (feeds[m.name] = tensor(masks[i] as Float32Array, m.shape)));
      for (const s of graph.params) {
        const mv = momentInputs(s.name);
        feeds[mv.m] = held(adam.m.get(s.name) as Float32Array, s.onnxShape);
        feeds[mv.v] = held(adam.v.get(s.name) as Float32Array, s.onnxShape);
      }
      const fetches: Record<string, import('onnxruntime-node').Tensor | null> = { loss: null };
      const next = new Map<string, Float32Array>();
      for (const s of graph.params) {
        const names = stepOutputs(s.name);
        for (const [key, out, current] of [[`w:${s.name}`, names.weight, values.get(s.name)], [`m:${s.name}`, names.m, adam.m.get(s.name)], [`v:${s.name}`, names.v, adam.v.get(s.name)]] as const) {
          const buf = spareOf(key, current as Float32Array);
          next.set(key, buf);
          fetches[out] = held(buf, s.onnxShape);
        }
      }
      for (const s of graph.states) {
        const buf = spareOf(`s:${s.name}`, values.get(s.name) as Float32Array);
        next.set(`s:${s.name}`, buf);
        fetches[stepOutputs(s.name).weight] = held(buf, s.onnxShape);
      }
      const out = await session.run(feeds, fetches);
      const swap = (key: string, map: Map<string, Float32Array>, name: string): void => {
        spare.set(key, map.get(name) as Float32Array);
        map.set(name, next.get(key) as Float32Array);
      };
      for (const s of graph.params) {
        swap(`w:${s.name}`, values, s.name);
        swap(`m:${s.name}`, adam.m, s.name);
        swap(`v:${s.name}`, adam.v, s.name);
      }
      for (const s of graph.states) swap(`s:${s.name}`, values, s.name);
      adam.iterations = t;
      return (out.loss?.data as Float32Array)[0] as number;
    },
    predictor(): Predictor {
      return {
        numClasses: probe.numClasses,
        async predict(batch: ImageBatch): Promise<Float32Array> {
          const { graph, session } = await compile(evals, batch.size, buildEval);
          const feeds = weightFeeds(graph, served);
          feeds.image = imageTensor(batch);
          const out = await session.run(feeds);
          return Float32Array.from(out.probabilities?.data as Float32Array);
        },
        dispose: () => undefined,
      };
    },
    async sync(): Promise<void> {
      writeWeights(model, [...params, ...probe.states], values);
      await writeAdam(optimizer, model, params, adam);
    },
    async updateBatchStats(batches: AsyncIterable<ImageBatch>, random: Rng): Promise<number> {
      if (probe.states.length === 0) return 0;
      // Into the served values (the swapped-in average), as tfjs' moving-average update computes it in float32.
      let n = 0;
      for await (const batch of batches) {
        const { graph, session } = await compile(statsGraphs, batch.size, buildStats);
        const feeds = weightFeeds(graph, served);
        feeds.image = imageTensor(batch);
        const masks = withSeededRandom(random, () => graph.masks.map((m) => dropoutMask(m.shape, m.rate)));
        graph.masks.forEach((m, i) => (feeds[m.name] = tensor(masks[i] as Float32Array, m.shape)));
        const out = await session.run(feeds);
        const decay = Math.fround(1 - swaDecay(n));
        for (const s of graph.states) {
          const moving = served.get(s.name) as Float32Array;
          const stat = out[batchStatOutput(s.name)]?.data as Float32Array;
          for (let j = 0; j < moving.length; j++) moving[j] = Math.fround((moving[j] as number) - Math.fround(Math.fround((moving[j] as number) - (stat[j] as number)) * decay));
        }
        n++;
      }
      writeWeights(model, probe.states, served);
      return n;
    },
    weightAverage: (decay, updates, initial) => engineWeightAverage({ model, specs: [...params, ...probe.states], values, serve: (v) => void (served = v) }, decay, updates, initial),
    async dispose(): Promise<void> {
      for (const c of [...steps.values(), ...evals.values(), ...statsGraphs.values()]) await c.session.release();
      steps.clear();
      evals.clear();
      statsGraphs.clear();
    },
  };
  return engine;
};
