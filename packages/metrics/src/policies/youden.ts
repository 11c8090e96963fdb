import { ValidationError } from '@medimg/core';
import type { ThresholdPolicy } from '../types';
import { chooseOnRoc } from './roc-index';

/** `youden`: maximises Youden's J = sensitivity + specificity - 1; ties keep the higher threshold. */
export function youdenPolicy(argument: string | undefined): ThresholdPolicy {
  if (argument !== undefined) throw new ValidationError('thresholdPolicy', [`youden takes no argument; got "youden:${argument}". Fix: use "youden"`]);
  return {
    name: 'youden',
    choose: (probabilities, labels) =>
      chooseOnRoc(probabilities, labels, (points) => {
        let best = -Infinity;
        let index = -1;
        for (let i = 1; i < points.length; i++) {
          const p = points[i] as { tpr: number; fpr: number };
          if (p.tpr - p.fpr > best) {
            best = p.tpr - p.fpr;
            index = i;
          }
        }
        return index;
      }),
  };
}
