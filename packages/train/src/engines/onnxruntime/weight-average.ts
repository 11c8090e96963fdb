import type * as tf from '@tensorflow/tfjs';
import type { AverageDecay, WeightAverage } from '../../ema';
import type { ParamSpec } from './lower-training';
import { toGraphLayout, writeWeights } from './weight-state';

/** Where the onnxruntime engine's average reads the live values and whom it tells which set to predict with. */
export interface EngineWeights {
  model: tf.LayersModel;
  /** Trainable weights and batch-norm statistics, graph layout. */
  specs: readonly ParamSpec[];
  /** The live values by spec name (the engine replaces entries after each step). */
  values: ReadonlyMap<string, Float32Array>;
  /** Points the engine's predictor at a set of values (the average while swapped in, else the live values). */
  serve(values: ReadonlyMap<string, Float32Array>): void;
}

/**
 * The weight average of ema.ts over the onnxruntime engine's own Float32Arrays (it never reads the LayersModel,
 * which holds stale weights between syncs): shadow <- d_n * shadow + (1 - d_n) * live at update n, with ema.ts'
 * `decay` rule (emaDecay, swaDecay), in float32 per element as tfjs computes it.
 */
export function engineWeightAverage(w: EngineWeights, decay: AverageDecay, updates = 0, initial?: tf.Tensor[]): WeightAverage {
  if (initial !== undefined && initial.length !== w.model.weights.length) {
    throw new RangeError(`Error in the onnxruntime engine's weight average: expected ${w.model.weights.length} initial tensors (model.weights order), got ${initial.length}`);
  }
  if (w.specs.length !== w.model.weights.length) {
    throw new RangeError(`Error in the onnxruntime engine's weight average: the graph holds ${w.specs.length} of the model's ${w.model.weights.length} weights`);
  }
  const order = new Map(w.model.weights.map((v, i) => [v.name, i]));
  const shadow = new Map<string, Float32Array>();
  for (const s of w.specs) {
    const i = order.get(s.variable);
    const start = initial !== undefined && i !== undefined ? (initial[i] as tf.Tensor) : undefined;
    shadow.set(s.name, start === undefined ? Float32Array.from(w.values.get(s.name) as Float32Array) : toGraphLayout(s, start.dataSync() as Float32Array));
  }
  let n = updates;
  return {
    get updates() {
      return n;
    },
    update() {
      const dn = decay(n);
      const d = Math.fround(dn);
      const e = Math.fround(1 - dn);
      for (const s of w.specs) {
        const a = shadow.get(s.name) as Float32Array;
        const live = w.values.get(s.name) as Float32Array;
        for (let k = 0; k < a.length; k++) a[k] = Math.fround(a[k] as number * d) + Math.fround(live[k] as number * e);
      }
      n++;
    },
    swapIn() {
      writeWeights(w.model, w.specs, shadow);
      w.serve(shadow);
      return () => {
        writeWeights(w.model, w.specs, w.values);
        w.serve(w.values);
      };
    },
    dispose: () => shadow.clear(),
  };
}
