import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@medimg/core';
import { countParams } from './count-params';
import { getArchitecture } from './registry';
import type { ArchitectureSpec, LayerSpec } from './types';

type Config = Record<string, unknown>;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);
const shapeOf = (layer: tf.layers.Layer): number[] => (layer.outputShape as (number | null)[]).slice(1).map((d) => d ?? -1);
const paramsOf = (layer: tf.layers.Layer): number => layer.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);

/** A fused activation (`activation: 'relu'` on a conv or dense) as its own layer entry; none for linear. */
function activationSpec(name: string, activation: unknown, outputShape: number[]): LayerSpec[] {
  if (activation === undefined || activation === 'linear') return [];
  if (activation === 'relu' || activation === 'softmax') return [{ kind: activation, name: `${name}_${activation}`, outputShape, params: 0 }];
  throw new ValidationError('describeArchitecture', [`layer ${name} has activation "${String(activation)}", which the layer spec has no kind for. Fix: add it to describe-architecture.ts and to tools/peers/torch_bench.py`]);
}

/** One tfjs layer as layer-spec entries (a layer with a fused activation gives two). */
function describeLayer(layer: tf.layers.Layer): LayerSpec[] {
  const c = layer.getConfig() as Config;
  const name = layer.name;
  const outputShape = shapeOf(layer);
  const params = paramsOf(layer);
  const base = { name, outputShape, params };
  switch (layer.getClassName()) {
    case 'InputLayer':
      return [];
    case 'Rescaling':
      return [{ ...base, kind: 'rescale', scale: Number(c['scale']), offset: Number(c['offset'] ?? 0) }];
    case 'Conv2D':
      return [
        { ...base, kind: 'conv2d', filters: Number(c['filters']), kernelSize: pair(c['kernelSize']), strides: pair(c['strides']), padding: c['padding'] === 'same' ? 'same' : 'valid', useBias: c['useBias'] !== false },
        ...activationSpec(name, c['activation'], outputShape),
      ];
    case 'BatchNormalization':
      return [{ ...base, kind: 'batchnorm', epsilon: Number(c['epsilon']), momentum: Number(c['momentum']) }];
    case 'ReLU':
      return [{ ...base, kind: 'relu' }];
    case 'LeakyReLU':
      return [{ ...base, kind: 'leakyrelu', alpha: Number(c['alpha']) }];
    case 'Activation':
      return activationSpec(name, c['activation'], outputShape).map((s) => ({ ...s, name }));
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return [{ ...base, kind: layer.getClassName() === 'MaxPooling2D' ? 'maxpool' : 'avgpool', poolSize: pair(c['poolSize']), strides: pair(c['strides'] ?? c['poolSize']), padding: c['padding'] === 'same' ? 'same' : 'valid' }];
    case 'GlobalAveragePooling2D':
      return [{ ...base, kind: 'gap' }];
    case 'Flatten':
      return [{ ...base, kind: 'flatten' }];
    case 'Dense':
      return [{ ...base, kind: 'dense', units: Number(c['units']), useBias: c['useBias'] !== false }, ...activationSpec(name, c['activation'], outputShape)];
    case 'Dropout':
      return [{ ...base, kind: 'dropout', rate: Number(c['rate']) }];
    case 'Add':
      return [{ ...base, kind: 'add' }];
    default:
      throw new ValidationError('describeArchitecture', [`layer ${name} is a ${layer.getClassName()}, which the layer spec has no kind for. Fix: add it to describe-architecture.ts and to tools/peers/torch_bench.py`]);
  }
}

/**
 * The registered architecture `name`, built for `inputShape` and `numClasses`, as a framework-neutral layer list
 * (rescale (the in-graph pixel scaling, y = x * scale + offset), conv2d, batchnorm, relu, leakyrelu, maxpool, avgpool,
 * gap, flatten, dense, dropout, softmax, add with output shapes [H, W, C] / [units] and trainable parameter counts).
 * It is read from the built tfjs model itself, so it cannot drift from it: peers (tools/peers/torch_bench.py) and
 * benchmarks build their networks from this. Entries are in a topological order; an entry reads the one before it
 * unless it names its `inputs` (residual networks: each `add` names its two operands, a projection shortcut names
 * the block's input).
 */
export function describeArchitecture(name: string, inputShape: [number, number, 1 | 3], numClasses: number): ArchitectureSpec {
  const model = getArchitecture(name)({ inputShape, numClasses, seed: 0 });
  try {
    const layers: LayerSpec[] = [];
    /** The spec entry holding each tfjs layer's output (its last entry; "input" for the input layer). */
    const entryOf = new Map<string, string>();
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') {
        entryOf.set(layer.name, 'input');
        continue;
      }
      const nodes = layer.inboundNodes;
      if (nodes.length !== 1) {
        throw new ValidationError('describeArchitecture', [`${name}: layer ${layer.name} is applied ${nodes.length} times. Fix: use one layer object per use (shared layers have no layer-spec form)`]);
      }
      const inbound = (nodes[0]?.inboundLayers ?? []).map((l) => entryOf.get(l.name) ?? 'input');
      const entries = describeLayer(layer);
      const first = entries[0];
      if (first === undefined) continue;
      const previous = layers.at(-1)?.name ?? 'input';
      if (first.kind === 'add' || inbound.length !== 1 || inbound[0] !== previous) first.inputs = inbound;
      layers.push(...entries);
      entryOf.set(layer.name, entries.at(-1)?.name ?? layer.name);
    }
    return { format: 'medimg-architecture@1', architecture: name, inputShape, numClasses, params: countParams(model), layers };
  } finally {
    model.dispose();
  }
}
