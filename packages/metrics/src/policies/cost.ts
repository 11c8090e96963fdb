import { ValidationError } from '@medimg/core';
import type { ThresholdPolicy } from '../types';
import { parseArgument } from './parse-argument';
import { chooseOnRoc } from './roc-index';

/**
 * `cost:R` (or `cost:FN/FP`, e.g. `cost:5/1`): minimises R * false negatives + false positives on the validation
 * predictions, R being what a missed positive costs in false alarms. Ties keep the higher threshold.
 */
export function costPolicy(argument: string | undefined): ThresholdPolicy {
  const parts = (argument ?? '').split('/');
  if (parts.length > 2) throw new ValidationError('thresholdPolicy', [`cost takes R or FN/FP; got "cost:${argument}". Fix: e.g. cost:5 or cost:5/1`]);
  const fn = parseArgument('cost', parts[0], 0, Infinity, 'cost:5 (a false negative costs 5 false positives)');
  const fp = parts.length === 2 ? parseArgument('cost', parts[1], Number.MIN_VALUE, Infinity, 'cost:5/1') : 1;
  const ratio = fn / fp;
  return {
    name: `cost:${ratio}`,
    choose: (probabilities, labels) =>
      chooseOnRoc(probabilities, labels, (points, positives, negatives) => {
        let best = Infinity;
        let index = -1;
        points.forEach((p, i) => {
          const cost = ratio * positives * (1 - p.tpr) + negatives * p.fpr;
          if (cost < best - 1e-9) {
            best = cost;
            index = i;
          }
        });
        return index;
      }),
  };
}
