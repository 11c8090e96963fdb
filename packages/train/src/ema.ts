import * as tf from '@tensorflow/tfjs';

/**
 * A running average of a model's weights (all of them: trainable ones and batch-norm statistics), s <- d_n s +
 * (1 - d_n) w at update n, with d_n from an `AverageDecay` rule: `emaDecay` (an exponential moving average, `--ema`)
 * or `swaDecay` (stochastic weight averaging, `--swa-start`: the equal-weight mean of the snapshots). `swapIn` puts
 * the averaged weights into the model (for validation and saving) and returns a function that restores the live
 * weights.
 */
export interface WeightAverage {
  update(): void;
  /** Number of updates so far (saved in the checkpoint so a resumed run continues the same warm-up). */
  readonly updates: number;
  swapIn(): () => void;
  dispose(): void;
}

/** The decay d_n of update number n (0-based): the share of the old average it keeps. Every engine's average uses one. */
export type AverageDecay = (n: number) => number;

/**
 * Exponential moving average: d_n = min(decay, (1 + n) / (10 + n)), a warm-up so short runs are not dominated by
 * the initial weights.
 */
export function emaDecay(decay: number): AverageDecay {
  return (n) => Math.min(decay, (1 + n) / (10 + n));
}

/**
 * Stochastic weight averaging (Izmailov et al., UAI 2018): d_n = n / (n + 1), so after n + 1 updates the average is
 * the arithmetic mean of the n + 1 snapshots (the first update copies the live weights).
 */
export const swaDecay: AverageDecay = (n) => n / (n + 1);

/** Starts an average at the model's current weights (or at `initial`, e.g. restored from a checkpoint). */
export function createWeightAverage(model: tf.LayersModel, decay: AverageDecay, updates = 0, initial?: tf.Tensor[]): WeightAverage {
  const weights = model.weights.map((w) => w.read() as tf.Variable);
  const shadow = weights.map((w, i) => tf.tidy(() => tf.variable((initial?.[i] ?? w).clone(), false)));
  let n = updates;
  return {
    get updates() {
      return n;
    },
    update() {
      const d = decay(n);
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
