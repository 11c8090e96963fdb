import { checkClassInputs } from './check-inputs';

/** Probabilities are clamped here before the log, so a confident mistake costs -ln(1e-7) ~ 16.1, not Infinity. */
export const MIN_PROBABILITY = 1e-7;

/** Mean negative log-likelihood of the true class (categorical cross-entropy, unweighted); NaN for no images. */
export function logLoss(probabilities: Float32Array, labels: Int32Array, numClasses: number): number {
  checkClassInputs('logLoss', probabilities, labels, numClasses);
  let loss = 0;
  for (let i = 0; i < labels.length; i++) loss -= Math.log(Math.max(probabilities[i * numClasses + (labels[i] as number)] as number, MIN_PROBABILITY));
  return labels.length > 0 ? loss / labels.length : NaN;
}
