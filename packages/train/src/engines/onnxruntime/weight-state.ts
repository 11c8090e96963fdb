import * as tf from '@tensorflow/tfjs';
import { hwioToOihw, oihwToHwio } from '@medimg/onnx';
import type { ParamSpec } from './lower-training';

type Shape4 = [number, number, number, number];

/** A tfjs weight's values in the graph's layout. */
export function toGraphLayout(spec: ParamSpec, values: Float32Array): Float32Array {
  return spec.layout === 'hwio' ? hwioToOihw(values, spec.tfjsShape as Shape4) : Float32Array.from(values);
}

/** Graph-layout values back in tfjs' layout. */
export function toTfjsLayout(spec: ParamSpec, values: Float32Array): Float32Array {
  return spec.layout === 'hwio' ? oihwToHwio(values, spec.tfjsShape as Shape4) : values;
}

/** The model's weights by LayerVariable name. */
export function modelVariables(model: tf.LayersModel): Map<string, tf.LayerVariable> {
  return new Map(model.weights.map((w) => [w.name, w]));
}

/** Reads the values of `specs` from the model (graph layout). */
export function readWeights(model: tf.LayersModel, specs: readonly ParamSpec[]): Map<string, Float32Array> {
  const vars = modelVariables(model);
  const out = new Map<string, Float32Array>();
  for (const s of specs) {
    const v = vars.get(s.variable);
    if (v === undefined) throw new RangeError(`Error in the onnxruntime engine: the model has no weight ${s.variable}`);
    out.set(s.name, toGraphLayout(s, v.read().dataSync() as Float32Array));
  }
  return out;
}

/** Writes graph-layout values into the model's variables. */
export function writeWeights(model: tf.LayersModel, specs: readonly ParamSpec[], values: ReadonlyMap<string, Float32Array>): void {
  const vars = modelVariables(model);
  for (const s of specs) {
    const v = vars.get(s.variable) as tf.LayerVariable;
    const t = tf.tensor(toTfjsLayout(s, values.get(s.name) as Float32Array), s.tfjsShape, 'float32');
    v.write(t);
    t.dispose();
  }
}

/** Adam state as tfjs keeps it: iteration count and first/second moments per trainable weight (graph layout). */
export interface AdamState {
  iterations: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** Reads tfjs Adam's state (zeros before its first step). Moments are in model.trainableWeights order, m then v. */
export async function readAdam(optimizer: tf.Optimizer, params: readonly ParamSpec[]): Promise<AdamState> {
  const weights = await optimizer.getWeights();
  const iter = weights.find((w) => w.name === 'iter');
  const iterations = iter === undefined ? 0 : (iter.tensor.dataSync()[0] as number);
  iter?.tensor.dispose();
  const moments = weights.filter((w) => w.name !== 'iter');
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  params.forEach((s, i) => {
    const first = moments[i];
    const second = moments[params.length + i];
    const size = s.onnxShape.reduce((a, d) => a * d, 1);
    m.set(s.name, first === undefined ? new Float32Array(size) : toGraphLayout(s, first.tensor.dataSync() as Float32Array));
    v.set(s.name, second === undefined ? new Float32Array(size) : toGraphLayout(s, second.tensor.dataSync() as Float32Array));
  });
  return { iterations, m, v };
}

/** Replaces tfjs Adam's state (its old moment variables are disposed). */
export async function writeAdam(optimizer: tf.Optimizer, model: tf.LayersModel, params: readonly ParamSpec[], state: AdamState): Promise<void> {
  const vars = modelVariables(model);
  const old = await optimizer.getWeights();
  const names = params.map((s) => ((vars.get(s.variable) as tf.LayerVariable).read() as tf.Variable).name);
  const fresh = [
    { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') as tf.Tensor },
    ...params.map((s, i) => ({ name: `${names[i] as string}/m`, tensor: tf.tensor(toTfjsLayout(s, state.m.get(s.name) as Float32Array), s.tfjsShape, 'float32') })),
    ...params.map((s, i) => ({ name: `${names[i] as string}/v`, tensor: tf.tensor(toTfjsLayout(s, state.v.get(s.name) as Float32Array), s.tfjsShape, 'float32') })),
  ];
  await optimizer.setWeights(fresh);
  for (const w of fresh) w.tensor.dispose();
  for (const w of old) w.tensor.dispose();
}
