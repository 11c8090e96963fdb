import type { GraphBuilder } from './graph-builder';

/** One parameter's values in the step graph. */
export interface AdamSlot {
  weight: string;
  grad: string;
  m: string;
  v: string;
}

/**
 * Adam hyper-parameters. Defaults as tfjs' `tf.train.adam`: beta1 0.9, beta2 0.999, epsilon 1e-7, weightDecay 0
 * (when > 0, L2: weightDecay * w is added to the gradient).
 */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

/** Scalar inputs of the update: the learning rate and the bias corrections 1 - beta1^t, 1 - beta2^t. */
export interface AdamScalars {
  lr: string;
  oneMinusBeta1Power: string;
  oneMinusBeta2Power: string;
}

/** Appends the bias-corrected Adam update (tfjs' arithmetic) for each slot; returns new weight, m, v names. */
export function appendAdam(b: GraphBuilder, slots: readonly AdamSlot[], scalars: AdamScalars, options: AdamOptions = {}): { weight: string; m: string; v: string }[] {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = b.scalar(options.epsilon ?? 1e-7);
  const negLr = b.op1('Neg', [scalars.lr]);
  return slots.map((s) => {
    let g = s.grad;
    if ((options.weightDecay ?? 0) > 0) g = b.op1('Add', [g, b.op1('Mul', [s.weight, b.scalar(options.weightDecay as number)])]);
    const m = b.op1('Add', [b.op1('Mul', [s.m, b.scalar(beta1)]), b.op1('Mul', [g, b.scalar(1 - beta1)])]);
    const v = b.op1('Add', [b.op1('Mul', [s.v, b.scalar(beta2)]), b.op1('Mul', [b.op1('Mul', [g, g]), b.scalar(1 - beta2)])]);
    const mHat = b.op1('Div', [m, scalars.oneMinusBeta1Power]);
    const vHat = b.op1('Div', [v, scalars.oneMinusBeta2Power]);
    const step = b.op1('Mul', [b.op1('Div', [mHat, b.op1('Add', [b.op1('Sqrt', [vHat]), eps])]), negLr]);
    return { weight: b.op1('Add', [step, s.weight]), m, v };
  });
}
