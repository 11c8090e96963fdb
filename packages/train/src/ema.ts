import * as tf from '@tensorflow/tfjs';

/**
 * An exponential moving average of a model's weights (all of them: trainable ones and batch-norm statistics).
 * The decay warms up as min(decay, (1 + n) / (10 + n)) over the n updates so far, so short runs are not dominated
 * by the initial weights. `swapIn` puts the averaged weights into the model (for validation and saving) and
 * returns a function that restores the live weights.
 */
export interface WeightAverage {
  update(): void;
  /** Number of updates so far (saved in the checkpoint so a resumed run continues the same warm-up). */
  readonly updates: number;
  swapIn(): () => void;
  dispose(): void;
}

/** The decay of update number `n` (0-based): min(decay, (1 + n) / (10 + n)). Every engine's average uses it. */
export function averageDecay(decay: number, n: number): number {
  return Math.min(decay, (1 + n) / (10 + n));
}

/** Starts an average at the model's current weights (or at `initial`, e.g. restored from a checkpoint). */
export function createWeightAverage(model: tf.LayersModel, decay: number, updates = 0, initial?: tf.Tensor[]): WeightAverage {
  const weights = model.weights.map((w) => w.read() as tf.Variable);
  const shadow = weights.map((w, i) => tf.tidy(() => tf.variable((initial?.[i] ?? w).clone(), false)));
  let n = updates;
  return {
    get updates() {
      return n;
    },
    update() {
      const d = averageDecay(decay, n);
      tf.tidy(() => shadow.forEach((s, i) => s.assign(s.mul(d).add((weights[i] as tf.Variable).mul(1 - d)))));
      n++;
    },
    swapIn() {
      const live = weights.map((w) => w.clone());
      weights.forEach((w, i) => w.assign(shadow[i] as tf.Variable));
      return () => {
        weights.forEach((w, i) => w.assign(live[i] as tf.Tensor));
        tf.dispose(live);
      };
    },
    dispose() {
      tf.dispose(shadow);
    },
  };
}
