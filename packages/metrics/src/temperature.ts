import { OptionChecker } from '@medimg/core';
import { checkClassInputs } from './check-inputs';
import { MIN_PROBABILITY } from './log-loss';

/**
 * Temperature scaling of probabilities: softmax(log(p) / T) per row. T > 1 softens, T < 1 sharpens; the argmax
 * (and, for two classes, the ranking, hence the AUC and which images a threshold separates) is unchanged.
 */
export function applyTemperature(probabilities: Float32Array, numClasses: number, temperature: number): Float32Array {
  const v = new OptionChecker('applyTemperature');
  v.number('temperature', temperature, Number.MIN_VALUE);
  v.check(Number.isInteger(numClasses) && numClasses >= 1 && probabilities.length % numClasses === 0, `probabilities (${probabilities.length}) must be rows of numClasses (${numClasses})`);
  v.done();
  const out = new Float32Array(probabilities.length);
  const beta = 1 / temperature;
  const row = new Float64Array(numClasses);
  for (let i = 0; i < probabilities.length; i += numClasses) {
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      row[c] = beta * Math.log(Math.max(probabilities[i + c] as number, MIN_PROBABILITY));
      max = Math.max(max, row[c] as number);
    }
    let sum = 0;
    for (let c = 0; c < numClasses; c++) {
      row[c] = Math.exp((row[c] as number) - max);
      sum += row[c] as number;
    }
    for (let c = 0; c < numClasses; c++) out[i + c] = (row[c] as number) / sum;
  }
  return out;
}

/** Mean NLL of the true class after scaling by 1 / beta, in float64 (the objective of fitTemperature). */
function scaledLoss(logits: Float64Array, labels: Int32Array, numClasses: number, beta: number): number {
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, beta * (logits[i * numClasses + c] as number));
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp(beta * (logits[i * numClasses + c] as number) - max);
    loss -= beta * (logits[i * numClasses + (labels[i] as number)] as number) - max - Math.log(sum);
  }
  return loss / labels.length;
}

/**
 * The temperature T that minimises the validation NLL of softmax(log(p) / T), found by golden-section search over
 * beta = 1 / T in [1 / maxTemperature, 1 / minTemperature] (the NLL is convex in beta, so the search finds the
 * optimum). Defaults: minTemperature 0.05, maxTemperature 20. Returns 1 for no images.
 */
export function fitTemperature(probabilities: Float32Array, labels: Int32Array, numClasses: number, options: { minTemperature?: number; maxTemperature?: number } = {}): number {
  checkClassInputs('fitTemperature', probabilities, labels, numClasses);
  const minT = options.minTemperature ?? 0.05;
  const maxT = options.maxTemperature ?? 20;
  const v = new OptionChecker('fitTemperature');
  v.number('minTemperature', minT, Number.MIN_VALUE);
  v.number('maxTemperature', maxT, minT);
  v.done();
  if (labels.length === 0) return 1;
  const logits = Float64Array.from(probabilities, (p) => Math.log(Math.max(p, MIN_PROBABILITY)));
  const f = (beta: number): number => scaledLoss(logits, labels, numClasses, beta);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = 1 / maxT;
  let b = 1 / minT;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let k = 0; k < 80 && b - a > 1e-6; k++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  return 1 / ((a + b) / 2);
}
