import { OptionChecker } from '@medimg/core';
import { binIndex, checkClassInputs } from './check-inputs';
import type { ProbabilityHistograms } from './types';

/**
 * Per true class, a histogram of a probability over `bins` equal-width bins of [0, 1] (default 10): the probability
 * of `scoreClass` (e.g. the positive class of a binary model), or with scoreClass 'own' (the default) each image's
 * probability of its own true class. Two sets' histograms side by side show a shift that a single AUC hides.
 */
export function probabilityHistograms(probabilities: Float32Array, labels: Int32Array, numClasses: number, options: { bins?: number; scoreClass?: number | 'own' } = {}): ProbabilityHistograms {
  checkClassInputs('probabilityHistograms', probabilities, labels, numClasses);
  const bins = options.bins ?? 10;
  const scoreClass = options.scoreClass ?? 'own';
  const v = new OptionChecker('probabilityHistograms');
  v.int('bins', bins, 1, 1000);
  v.check(scoreClass === 'own' || (Number.isInteger(scoreClass) && scoreClass >= 0 && scoreClass < numClasses), `scoreClass must be 'own' or a class in [0, ${numClasses}); got ${JSON.stringify(scoreClass)}`);
  v.done();
  const counts = Array.from({ length: numClasses }, () => new Array<number>(bins).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const truth = labels[i] as number;
    const p = probabilities[i * numClasses + (scoreClass === 'own' ? truth : scoreClass)] as number;
    const b = binIndex(p, bins);
    const row = counts[truth] as number[];
    row[b] = (row[b] as number) + 1;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, b) => b / bins), scoreClass, counts };
}
