import type { ModelCard } from '@medimg/core';

/** The class decided from probabilities at the model's operating point, and the rule used (said beside the result). */
export function decide(card: ModelCard, probs: ArrayLike<number>): { prediction: string; rule: string; threshold: number | null; positiveClass: string | null } {
  const names = card.classNames;
  if (card.positiveClass !== null && names.length === 2) {
    const pos = card.positiveClass;
    const positive = names[pos] as string;
    const negative = names[1 - pos] as string;
    const p = probs[pos] as number;
    return { prediction: p >= card.threshold ? positive : negative, rule: `${positive} if p(${positive}) >= ${card.threshold}, else ${negative}`, threshold: card.threshold, positiveClass: positive };
  }
  let arg = 0;
  for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[arg] as number)) arg = c;
  return { prediction: names[arg] as string, rule: 'the class with the highest probability', threshold: null, positiveClass: null };
}
