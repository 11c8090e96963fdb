import type * as tf from '@tensorflow/tfjs';
import { pixelScaleOf } from '@medimg/core';
import { appendAdam, appendGradients, GraphBuilder, rewriteConvsToNchwc, type AdamOptions } from '@medimg/autodiff';
import { attr, DataType, samePads, type OnnxModel } from '@medimg/onnx';
import { lowerMerge } from './lower-merge';
import { UnsupportedForEngineError } from './unsupported-error';

/** One weight of the LayersModel as a graph input (ONNX layout) and how to convert it from/to tfjs' layout. */
export interface ParamSpec {
  /** Graph input name. */
  name: string;
  /** tfjs LayerVariable name (model.weights[i].name). */
  variable: string;
  tfjsShape: number[];
  onnxShape: number[];
  /** 'hwio': a conv kernel stored OIHW in the graph; 'plain': same layout in both. */
  layout: 'hwio' | 'plain';
}

/** A dropout layer's mask input: NHWC (or [N, F]) shaped like tfjs' activation, values 0 or 1 / keep. */
export interface MaskSpec {
  name: string;
  shape: number[];
  rate: number;
}

export interface LoweredGraph {
  model: OnnxModel;
  batch: number;
  /** Trainable weights, in model.trainableWeights order. */
  params: ParamSpec[];
  /** Non-trainable state (batch-norm moving mean / variance). */
  states: ParamSpec[];
  masks: MaskSpec[];
  numClasses: number;
}

type Mode = 'train' | 'eval';

/** How the graph is emitted. nchwcBlock: run eligible Convs in onnxruntime's blocked layout (autodiff's rewriteConvsToNchwc) with this block size; default off. */
export interface LoweringOptions {
  nchwcBlock?: number;
}

function finish(b: GraphBuilder, name: string, options: LoweringOptions): OnnxModel {
  if (options.nchwcBlock !== undefined) rewriteConvsToNchwc(b, options.nchwcBlock);
  return b.model(name);
}
type Layer = tf.layers.Layer;

const IMAGE = 'image';

function config(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}
function pair(v: unknown, fallback: number): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2) return [v[0] as number, v[1] as number];
  return [fallback, fallback];
}

class Lowering {
  readonly b = new GraphBuilder();
  readonly params: ParamSpec[] = [];
  readonly states: ParamSpec[] = [];
  readonly stateUpdates = new Map<string, string>();
  /** Batch statistic (mean or variance of this batch) by state input name, in training mode. */
  readonly batchStats = new Map<string, string>();
  readonly masks: MaskSpec[] = [];
  /** Layers read by each layer's output (model.layers' inbound edges), for the ReLU -> MaxPool rewrite. */
  private readonly consumers = new Map<string, Layer[]>();
  /** ReLU layers whose Relu is applied after their one consumer, a max pool (see `relu`). */
  private readonly deferredRelu = new Set<string>();

  constructor(readonly mode: Mode, readonly batch: number) {}

  /**
   * Relu of `layer`'s value `x`, or `x` itself when the layer's only consumer is a MaxPooling2D: max pooling
   * commutes with ReLU (max(relu(a), relu(b)) = relu(max(a, b))), so the pool applies the Relu to its 4x smaller
   * output (forward and the ReLU gradient on the pooled size). The gradient is the same: where the window max is
   * > 0 both pick the same first maximum and pass dY; where it is <= 0 the ReLU gradient is 0 either way.
   */
  relu(layer: Layer, x: string): string {
    const next = this.consumers.get(layer.name) ?? [];
    if (next.length === 1 && next[0]?.getClassName() === 'MaxPooling2D' && this.b.shape(x).length === 4) {
      this.deferredRelu.add(layer.name);
      return x;
    }
    return this.b.op1('Relu', [x]);
  }

  weight(layer: Layer, short: string, layout: ParamSpec['layout'], trainable: boolean): string {
    const w = layer.weights.find((v) => (v.originalName.split('/').pop() ?? '').replace(/_\d+$/, '') === short);
    if (w === undefined) throw new UnsupportedForEngineError(layer.name, layer.getClassName(), `has no ${short} weight`);
    const tfjsShape = [...w.shape] as number[];
    const onnxShape = layout === 'hwio' ? [tfjsShape[3], tfjsShape[2], tfjsShape[0], tfjsShape[1]] as number[] : tfjsShape;
    const list = trainable ? this.params : this.states;
    const name = `${trainable ? 'w' : 's'}${list.length}_${layer.name.replace(/[^A-Za-z0-9_]/g, '_')}_${short}`;
    list.push({ name, variable: w.name, tfjsShape, onnxShape, layout });
    return this.b.input(name, onnxShape);
  }

  activation(layer: Layer, x: string, name: unknown): string {
    switch (name ?? 'linear') {
      case 'linear': return x;
      case 'relu': return this.relu(layer, x);
      case 'softmax': return this.b.op1('Softmax', [x], [attr.int('axis', -1)]);
      default: throw new UnsupportedForEngineError(layer.name, layer.getClassName(), `activation ${String(name)} is not supported (linear, relu, softmax)`);
    }
  }

  layer(layer: Layer, x: string): string {
    const b = this.b;
    const c = config(layer);
    const cls = layer.getClassName();
    const shape = b.shape(x);
    const fail = (why: string): never => {
      throw new UnsupportedForEngineError(layer.name, cls, why);
    };
    switch (cls) {
      case 'Conv2D': {
        if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') fail('only channelsLast');
        if (pair(c.dilationRate, 1).some((d) => d !== 1)) fail('only dilation 1');
        const [kh, kw] = pair(c.kernelSize, 1);
        const [sh, sw] = pair(c.strides, 1);
        const [, , h, w] = shape as [number, number, number, number];
        const [pt, pb] = c.padding === 'same' ? samePads(h, kh, sh) : [0, 0];
        const [pl, pr] = c.padding === 'same' ? samePads(w, kw, sw) : [0, 0];
        const inputs = [x, this.weight(layer, 'kernel', 'hwio', true)];
        if (c.useBias !== false) inputs.push(this.weight(layer, 'bias', 'plain', true));
        const y = b.op1('Conv', inputs, [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [sh, sw]), attr.ints('pads', [pt, pl, pb, pr])]);
        return this.activation(layer, y, c.activation);
      }
      case 'Dense': {
        if (shape.length !== 2) fail('only 2-D inputs');
        const inputs = [x, this.weight(layer, 'kernel', 'plain', true)];
        if (c.useBias !== false) inputs.push(this.weight(layer, 'bias', 'plain', true));
        return this.activation(layer, b.op1('Gemm', inputs), c.activation);
      }
      case 'BatchNormalization': {
        if (shape.length !== 4 || (c.axis !== -1 && c.axis !== 3)) fail('only the channel axis of an image');
        if (c.center === false || c.scale === false) fail('only center and scale');
        const eps = typeof c.epsilon === 'number' ? c.epsilon : 1e-3;
        const momentum = typeof c.momentum === 'number' ? c.momentum : 0.99;
        const gamma = this.weight(layer, 'gamma', 'plain', true);
        const beta = this.weight(layer, 'beta', 'plain', true);
        const movingMean = this.weight(layer, 'moving_mean', 'plain', false);
        const movingVar = this.weight(layer, 'moving_variance', 'plain', false);
        if (this.mode === 'eval') return b.op1('BatchNormalization', [x, gamma, beta, movingMean, movingVar], [attr.float('epsilon', eps)]);
        const [y, mean, variance] = b.op('BatchNormTraining', [x, gamma, beta], [attr.float('epsilon', eps)]) as [string, string, string];
        // tfjs: moving <- moving - (moving - batch) * (1 - momentum)
        this.batchStats.set(movingMean, mean);
        this.batchStats.set(movingVar, variance);
        const decay = b.scalar(1 - momentum);
        this.stateUpdates.set(movingMean, b.op1('Sub', [movingMean, b.op1('Mul', [b.op1('Sub', [movingMean, mean]), decay])]));
        this.stateUpdates.set(movingVar, b.op1('Sub', [movingVar, b.op1('Mul', [b.op1('Sub', [movingVar, variance]), decay])]));
        return y;
      }
      case 'Rescaling': {
        const scaled = b.op1('Mul', [x, b.scalar(typeof c.scale === 'number' ? c.scale : 1)]);
        return typeof c.offset === 'number' && c.offset !== 0 ? b.op1('Add', [scaled, b.scalar(c.offset)]) : scaled;
      }
      case 'ReLU':
        if (c.maxValue !== undefined && c.maxValue !== null) fail('maxValue is not supported');
        return this.relu(layer, x);
      case 'LeakyReLU':
        return b.op1('LeakyRelu', [x], [attr.float('alpha', typeof c.alpha === 'number' ? c.alpha : 0.3)]);
      case 'Activation':
        return this.activation(layer, x, c.activation);
      case 'MaxPooling2D': {
        const [kh, kw] = pair(c.poolSize, 2);
        const [sh, sw] = pair(c.strides ?? c.poolSize, 2);
        const [, , h, w] = shape as [number, number, number, number];
        const [pt, pb] = c.padding === 'same' ? samePads(h, kh, sh) : [0, 0];
        const [pl, pr] = c.padding === 'same' ? samePads(w, kw, sw) : [0, 0];
        const attrs = [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [sh, sw]), attr.ints('pads', [pt, pl, pb, pr])];
        const pooled = b.op('MaxPool', [x], attrs, { outputs: this.mode === 'train' ? 2 : 1 })[0] as string;
        const source = layer.inboundNodes[0]?.inboundLayers[0]?.name;
        return source !== undefined && this.deferredRelu.has(source) ? b.op1('Relu', [pooled]) : pooled;
      }
      case 'GlobalAveragePooling2D':
        return b.op1('Flatten', [b.op1('GlobalAveragePool', [x])]);
      case 'Flatten':
        return shape.length === 2 ? x : b.op1('Flatten', [b.op1('Transpose', [x], [attr.ints('perm', [0, 2, 3, 1])])]);
      case 'Dropout': {
        const rate = typeof c.rate === 'number' ? c.rate : 0;
        if (this.mode === 'eval' || rate <= 0) return x;
        if (c.noiseShape !== undefined && c.noiseShape !== null) fail('noiseShape is not supported');
        const nhwc = shape.length === 4 ? [shape[0], shape[2], shape[3], shape[1]] as number[] : shape;
        const name = `mask${this.masks.length}_${layer.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
        this.masks.push({ name, shape: nhwc, rate });
        let mask = b.input(name, nhwc);
        if (shape.length === 4) mask = b.op1('Transpose', [mask], [attr.ints('perm', [0, 3, 1, 2])]);
        return b.op1('Mul', [x, mask]);
      }
      default:
        return fail('no training lowering for this layer class');
    }
  }

  /** The forward pass: the LayersModel's layers in order (merge layers: lower-merge.ts), NCHW inside. Returns the softmax probabilities [N, K]. */
  forward(model: tf.LayersModel): string {
    const input = model.inputs[0];
    if (model.inputs.length !== 1 || model.outputs.length !== 1 || input === undefined) throw new UnsupportedForEngineError(model.name, 'Model', 'exactly one input and one output are supported');
    const [h, w, ch] = input.shape.slice(1) as [number, number, number];
    const image = this.b.input(IMAGE, [this.batch, h, w, ch], DataType.UINT8);
    // Pixel scaling is the model's own Rescaling layer (lowered below); a legacy model without one takes pixels / 255.
    const raw = this.b.op1('Cast', [image], [attr.int('to', DataType.FLOAT)]);
    const scaled = pixelScaleOf(model) === 'in-graph' ? raw : this.b.op1('Div', [raw, this.b.scalar(255)]);
    const values = new Map<string, string>();
    for (const layer of model.layers) {
      for (const node of layer.inboundNodes) for (const from of node.inboundLayers) this.consumers.set(from.name, [...(this.consumers.get(from.name) ?? []), layer]);
    }
    for (const out of model.outputs) this.consumers.set(out.sourceLayer.name, [...(this.consumers.get(out.sourceLayer.name) ?? []), out.sourceLayer]);
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') {
        values.set(layer.name, this.b.op1('Transpose', [scaled], [attr.ints('perm', [0, 3, 1, 2])]));
        continue;
      }
      const inbound = (layer.inboundNodes[0]?.inputTensors ?? []) as tf.SymbolicTensor[];
      const sources = inbound.map((t) => values.get(t.sourceLayer.name));
      if (sources.length === 0 || sources.some((v) => v === undefined)) throw new UnsupportedForEngineError(layer.name, layer.getClassName(), `it has ${inbound.length} inputs that are not computed before it`);
      values.set(layer.name, sources.length === 1 ? this.layer(layer, sources[0] as string) : lowerMerge(this.b, layer, sources as string[]));
    }
    const out = values.get((model.outputs[0] as tf.SymbolicTensor).sourceLayer.name);
    if (out === undefined) throw new UnsupportedForEngineError(model.name, 'Model', 'its output was not reached');
    return out;
  }
}

function numClassesOf(model: tf.LayersModel): number {
  const shape = model.outputs[0]?.shape;
  const k = shape?.[shape.length - 1];
  if (typeof k !== 'number') throw new UnsupportedForEngineError(model.name, 'Model', 'the output has no static class dimension');
  return k;
}

function lastIsSoftmax(b: GraphBuilder, probs: string): boolean {
  const node = b.nodes.find((n) => n.output.includes(probs));
  return node?.opType === 'Softmax';
}

/**
 * The inference graph of `model` at a fixed batch size: uint8 NHWC `image` in, `probabilities` [N, K] out, weights
 * and batch-norm statistics as inputs (so one session serves every epoch).
 */
export function buildEvalGraph(model: tf.LayersModel, batch: number, options: LoweringOptions = {}): LoweredGraph {
  const l = new Lowering('eval', batch);
  const probs = l.forward(model);
  l.b.output(probs, 'probabilities');
  return { model: finish(l.b, `${model.name}_eval`, options), batch, params: l.params, states: l.states, masks: l.masks, numClasses: numClassesOf(model) };
}

/** Output names of the step graph for one parameter. */
export const stepOutputs = (name: string): { weight: string; m: string; v: string } => ({ weight: `${name}__new`, m: `${name}__m_new`, v: `${name}__v_new` });
/** Adam moment input names of one parameter. */
export const momentInputs = (name: string): { m: string; v: string } => ({ m: `${name}__m`, v: `${name}__v` });

/**
 * One training step as one graph: the forward pass in training mode (batch statistics, dropout masks as inputs),
 * the class-weighted cross-entropy sum / batch (tfjs' clip of p to [1e-7, 1 - 1e-7]), reverse-mode gradients and
 * Adam. Inputs: image (uint8 NHWC), onehot [N, K], sample_weight [N], lr, one_minus_beta1_power,
 * one_minus_beta2_power, every weight with its two moments, batch-norm statistics and masks. Outputs: loss and the
 * updated weights, moments (stepOutputs) and statistics (`<name>__new`).
 */
export function buildStepGraph(model: tf.LayersModel, batch: number, adam: AdamOptions = {}, options: LoweringOptions = {}): LoweredGraph {
  const l = new Lowering('train', batch);
  const b = l.b;
  const probs = l.forward(model);
  if (!lastIsSoftmax(b, probs)) throw new UnsupportedForEngineError(model.name, 'Model', 'the model must end in a softmax (the loss is categorical cross-entropy on probabilities)');
  const k = numClassesOf(model);
  const onehot = b.input('onehot', [batch, k]);
  const sampleWeight = b.input('sample_weight', [batch]);
  const p = b.op1('Clip', [probs, b.scalar(1e-7), b.scalar(1 - 1e-7)]);
  const ce = b.op1('Neg', [b.op1('ReduceSum', [b.op1('Mul', [onehot, b.op1('Log', [p])]), b.intConst([1])], [attr.int('keepdims', 0)])]);
  const loss = b.op1('Div', [b.op1('ReduceSum', [b.op1('Mul', [ce, sampleWeight])], [attr.int('keepdims', 0)]), b.scalar(batch)]);
  b.output(loss, 'loss');
  const grads = appendGradients(b, loss, l.params.map((s) => s.name));
  const scalars = { lr: b.input('lr', []), oneMinusBeta1Power: b.input('one_minus_beta1_power', []), oneMinusBeta2Power: b.input('one_minus_beta2_power', []) };
  const slots = l.params.map((s) => {
    const mv = momentInputs(s.name);
    return { weight: s.name, grad: grads.get(s.name) as string, m: b.input(mv.m, s.onnxShape), v: b.input(mv.v, s.onnxShape) };
  });
  const updated = appendAdam(b, slots, scalars, adam);
  l.params.forEach((s, i) => {
    const names = stepOutputs(s.name);
    const u = updated[i] as { weight: string; m: string; v: string };
    b.output(u.weight, names.weight);
    b.output(u.m, names.m);
    b.output(u.v, names.v);
  });
  for (const s of l.states) b.output(l.stateUpdates.get(s.name) ?? s.name, stepOutputs(s.name).weight);
  return { model: finish(b, `${model.name}_train_step`, options), batch, params: l.params, states: l.states, masks: l.masks, numClasses: k };
}

/** Output name of the batch-statistics graph for one batch-norm state. */
export const batchStatOutput = (name: string): string => `${name}__batch`;

/**
 * The training-mode forward pass alone (batch statistics, dropout masks as inputs) with each batch-norm layer's
 * batch mean and variance as outputs (`batchStatOutput` of its moving-mean / moving-variance state): what
 * recomputing the statistics of averaged weights runs. Inputs: image, the weights and statistics, the masks.
 */
export function buildBatchStatsGraph(model: tf.LayersModel, batch: number, options: LoweringOptions = {}): LoweredGraph {
  const l = new Lowering('train', batch);
  l.forward(model);
  for (const s of l.states) {
    const stat = l.batchStats.get(s.name);
    if (stat === undefined) throw new UnsupportedForEngineError(model.name, 'Model', `state ${s.variable} has no batch statistic`);
    l.b.output(stat, batchStatOutput(s.name));
  }
  return { model: finish(l.b, `${model.name}_batch_stats`, options), batch, params: l.params, states: l.states, masks: l.masks, numClasses: numClassesOf(model) };
}
