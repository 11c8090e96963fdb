import type { ThresholdPolicy } from '../types';
import { parseArgument } from './parse-argument';
import { chooseOnRoc } from './roc-index';

const EPS = 1e-12;

/** `specificity:X`: the lowest threshold whose specificity is >= X (so the best sensitivity that keeps it). */
export function specificityPolicy(argument: string | undefined): ThresholdPolicy {
  const target = parseArgument('specificity', argument, 0, 1, 'specificity:0.90');
  return {
    name: `specificity:${target}`,
    choose: (probabilities, labels) =>
      chooseOnRoc(probabilities, labels, (points) => {
        let index = 0;
        points.forEach((p, i) => {
          if (1 - p.fpr >= target - EPS) index = i;
        });
        return index;
      }),
  };
}
