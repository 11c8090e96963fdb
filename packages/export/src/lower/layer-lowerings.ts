import type * as tf from '@tensorflow/tfjs';
import type { Activation, InferenceOp } from '../types';
import { LayerConfig, layerWeights } from './layer-config';

/** What a lowering sees: the layer, its input/output value names and shapes (without batch). */
export interface LoweringContext {
  layer: tf.layers.Layer;
  cfg: LayerConfig;
  input: string;
  output: string;
  inShape: number[];
  outShape: number[];
}

/** An op, or `identity` for a layer that does nothing at inference (its output is its input). */
export type Lowering = (ctx: LoweringContext) => InferenceOp | 'identity';

const base = (ctx: LoweringContext): { name: string; input: string; output: string; outShape: number[]; fused: string[] } => ({
  name: ctx.layer.name,
  input: ctx.input,
  output: ctx.output,
  outShape: ctx.outShape,
  fused: [],
});

const identity: Lowering = () => 'identity';

function activationOp(ctx: LoweringContext, activation: Activation): InferenceOp | 'identity' {
  return activation.kind === 'linear' ? 'identity' : { ...base(ctx), op: 'activation', activation };
}

const conv2d: Lowering = (ctx) => {
  const { cfg } = ctx;
  cfg.channelsLast();
  if (ctx.inShape.length !== 3) cfg.fail(`expected an NHWC input, got shape [${ctx.inShape.join(', ')}]`);
  const weights = layerWeights(ctx.layer);
  const kernel = weights.get('kernel');
  if (kernel === undefined || kernel.shape.length !== 4) return cfg.fail('has no 4-D kernel');
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  return {
    ...base(ctx),
    op: 'conv2d',
    kernel: kernel.data,
    kernelShape: [kh, kw, cin, cout],
    bias: cfg.bool('useBias', true) ? (weights.get('bias')?.data ?? null) : null,
    strides: cfg.pair('strides', [1, 1]),
    dilations: cfg.pair('dilationRate', [1, 1]),
    padding: cfg.padding(),
    activation: cfg.activation(),
  };
};

const dense: Lowering = (ctx) => {
  const { cfg } = ctx;
  if (ctx.inShape.length !== 1) cfg.fail(`Dense on a rank-${ctx.inShape.length + 1} input is not supported (flatten or pool first)`);
  const weights = layerWeights(ctx.layer);
  const kernel = weights.get('kernel');
  if (kernel === undefined || kernel.shape.length !== 2) return cfg.fail('has no 2-D kernel');
  return {
    ...base(ctx),
    op: 'dense',
    kernel: kernel.data,
    kernelShape: [kernel.shape[0] as number, kernel.shape[1] as number],
    bias: cfg.bool('useBias', true) ? (weights.get('bias')?.data ?? null) : null,
    activation: cfg.activation(),
  };
};

const pool =
  (kind: 'max' | 'avg'): Lowering =>
  (ctx) => {
    const { cfg } = ctx;
    cfg.channelsLast();
    const poolSize = cfg.pair('poolSize', [2, 2]);
    return { ...base(ctx), op: 'pool', kind, poolSize, strides: cfg.pair('strides', poolSize), padding: cfg.padding() };
  };

const globalPool =
  (kind: 'max' | 'avg'): Lowering =>
  (ctx) => {
    ctx.cfg.channelsLast();
    if (ctx.cfg.bool('keepDims', false)) ctx.cfg.fail('keepDims is not supported');
    return { ...base(ctx), op: 'globalPool', kind };
  };

const flatten: Lowering = (ctx) => (ctx.inShape.length === 1 ? 'identity' : { ...base(ctx), op: 'flatten' });

const batchNorm: Lowering = (ctx) => {
  const { cfg } = ctx;
  const axis = cfg.number('axis', -1);
  if (axis !== -1 && axis !== ctx.inShape.length) cfg.fail(`axis ${axis} is not supported (only the channel axis, -1)`);
  const w = layerWeights(ctx.layer);
  const mean = w.get('moving_mean')?.data;
  const variance = w.get('moving_variance')?.data;
  if (mean === undefined || variance === undefined) return cfg.fail('has no moving_mean/moving_variance');
  const gamma = w.get('gamma')?.data;
  const beta = w.get('beta')?.data;
  const eps = cfg.number('epsilon', 1e-3);
  const scale = new Float32Array(mean.length);
  const shift = new Float32Array(mean.length);
  for (let c = 0; c < mean.length; c++) {
    const s = (gamma?.[c] ?? 1) / Math.sqrt((variance[c] ?? 0) + eps);
    scale[c] = s;
    shift[c] = (beta?.[c] ?? 0) - (mean[c] ?? 0) * s;
  }
  return { ...base(ctx), op: 'scaleShift', scale, shift };
};

/** Keras Rescaling (y = x * scale + offset, scalars): the in-graph pixel scaling, a per-channel scale/shift. */
const rescaling: Lowering = (ctx) => {
  const scale = ctx.cfg.number('scale', 1);
  const offset = ctx.cfg.number('offset', 0);
  const channels = ctx.inShape[ctx.inShape.length - 1] ?? 1;
  if (scale === 1 && offset === 0) return 'identity';
  return { ...base(ctx), op: 'scaleShift', scale: new Float32Array(channels).fill(scale), shift: new Float32Array(channels).fill(offset) };
};

const relu: Lowering = (ctx) => {
  const { cfg } = ctx;
  const max = cfg.raw('maxValue');
  if (max === null || max === undefined) return activationOp(ctx, { kind: 'relu' });
  if (max === 6) return activationOp(ctx, { kind: 'relu6' });
  return cfg.fail(`maxValue ${JSON.stringify(max)} is not supported (none or 6)`);
};

const softmax: Lowering = (ctx) => {
  const axis = ctx.cfg.raw('axis');
  const ok = axis === undefined || axis === -1 || axis === ctx.inShape.length || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === ctx.inShape.length));
  if (!ok || ctx.inShape.length !== 1) ctx.cfg.fail('only softmax over the last axis of a 2-D input is supported');
  return activationOp(ctx, { kind: 'softmax' });
};

/** Lowerings by tfjs layer class name. A class not listed here is an UnsupportedLayerError. */
export const LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ['Conv2D', conv2d],
  ['Dense', dense],
  ['MaxPooling2D', pool('max')],
  ['AveragePooling2D', pool('avg')],
  ['GlobalAveragePooling2D', globalPool('avg')],
  ['GlobalMaxPooling2D', globalPool('max')],
  ['Flatten', flatten],
  ['BatchNormalization', batchNorm],
  ['Rescaling', rescaling],
  ['ReLU', relu],
  ['LeakyReLU', (ctx) => activationOp(ctx, { kind: 'leakyrelu', alpha: ctx.cfg.number('alpha', 0.3) })],
  ['ELU', (ctx) => (ctx.cfg.number('alpha', 1) === 1 ? activationOp(ctx, { kind: 'elu' }) : ctx.cfg.fail('only alpha = 1 is supported'))],
  ['Softmax', softmax],
  ['Activation', (ctx) => activationOp(ctx, ctx.cfg.activation())],
  ['Dropout', identity],
  ['SpatialDropout1D', identity],
  ['SpatialDropout2D', identity],
  ['GaussianDropout', identity],
  ['GaussianNoise', identity],
  ['AlphaDropout', identity],
]);
