import type { ModelCard } from '@medimg/core';
import { decideClass } from '@medimg/metrics';

/** The class decided from probabilities at the model's operating point, and the rule used (said beside the result). */
export function decide(card: ModelCard, probs: ArrayLike<number>): { prediction: string; rule: string; threshold: number | null; positiveClass: string | null } {
  const names = card.classNames;
  const prediction = names[decideClass(probs, card)] as string;
  if (card.positiveClass !== null && names.length === 2) {
    const positive = names[card.positiveClass] as string;
    const negative = names[1 - card.positiveClass] as string;
    return { prediction, rule: `${positive} if p(${positive}) >= ${card.threshold}, else ${negative}`, threshold: card.threshold, positiveClass: positive };
  }
  return { prediction, rule: 'the class with the highest probability', threshold: null, positiveClass: null };
}
