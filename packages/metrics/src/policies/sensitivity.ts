import type { ThresholdPolicy } from '../types';
import { parseArgument } from './parse-argument';
import { chooseOnRoc } from './roc-index';

const EPS = 1e-12;

/** `sensitivity:X`: the highest threshold whose sensitivity is >= X (so the best specificity that keeps it). */
export function sensitivityPolicy(argument: string | undefined): ThresholdPolicy {
  const target = parseArgument('sensitivity', argument, 0, 1, 'sensitivity:0.95');
  return {
    name: `sensitivity:${target}`,
    choose: (probabilities, labels) => chooseOnRoc(probabilities, labels, (points) => points.findIndex((p) => p.tpr >= target - EPS)),
  };
}
