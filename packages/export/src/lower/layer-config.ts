import type * as tf from '@tensorflow/tfjs';
import { UnsupportedLayerError } from '../unsupported-layer-error';
import type { Activation } from '../types';

type Layer = tf.layers.Layer;

/** Reads typed fields of a layer's serialised config; a field of the wrong kind is an UnsupportedLayerError naming the layer. */
export class LayerConfig {
  private readonly config: Record<string, unknown>;
  constructor(readonly layer: Layer) {
    this.config = layer.getConfig() as Record<string, unknown>;
  }

  fail(reason: string): never {
    throw new UnsupportedLayerError(this.layer.name, this.layer.getClassName(), reason);
  }

  raw(key: string): unknown {
    return this.config[key];
  }

  number(key: string, fallback?: number): number {
    const v = this.config[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(`config ${key} is ${JSON.stringify(v)}, expected a number`);
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.config[key];
    return typeof v === 'boolean' ? v : fallback;
  }

  string(key: string, fallback?: string): string {
    const v = this.config[key];
    if (typeof v === 'string') return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(`config ${key} is ${JSON.stringify(v)}, expected a string`);
  }

  /** A 2-D size given as a number or [a, b]. */
  pair(key: string, fallback?: [number, number]): [number, number] {
    const v = this.config[key];
    if (typeof v === 'number') return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(`config ${key} is ${JSON.stringify(v)}, expected a number or a pair`);
  }

  padding(): 'same' | 'valid' {
    const p = this.string('padding', 'valid');
    if (p !== 'same' && p !== 'valid') this.fail(`padding "${p}" is not supported (only same and valid)`);
    return p;
  }

  channelsLast(): void {
    const f = this.string('dataFormat', 'channelsLast');
    if (f !== 'channelsLast') this.fail(`dataFormat ${f} is not supported (only channelsLast)`);
  }

  /** The layer's `activation` config (serialised activation name). */
  activation(key = 'activation'): Activation {
    return parseActivation(this, this.string(key, 'linear'));
  }
}

/** Maps a Keras activation name to an exporter activation, or fails naming the layer. */
export function parseActivation(cfg: LayerConfig, name: string): Activation {
  switch (name) {
    case 'linear':
    case 'relu':
    case 'relu6':
    case 'sigmoid':
    case 'tanh':
    case 'elu':
    case 'softmax':
      return { kind: name };
    default:
      return cfg.fail(`activation "${name}" is not supported (linear, relu, relu6, sigmoid, tanh, elu, softmax)`);
  }
}

/** The layer's weights by their short name (`kernel`, `bias`, `gamma`, `moving_mean`, ...), copied out of tfjs. */
export function layerWeights(layer: Layer): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const w of layer.weights) {
    const short = w.originalName.split('/').pop() ?? w.originalName;
    const value = w.read();
    out.set(short.replace(/_\d+$/, ''), { shape: [...value.shape], data: Float32Array.from(value.dataSync() as Float32Array) });
  }
  return out;
}
