import type { PageModelCard } from './api';

/** The class decided at the model's operating point (the same rule as the server's decide). */
export function decideClass(card: PageModelCard, probs: readonly number[]): { index: number; text: string } {
  if (card.positiveClass !== null && card.classNames.length === 2) {
    const pos = card.positiveClass;
    const p = probs[pos] as number;
    const index = p >= card.threshold ? pos : 1 - pos;
    const name = card.classNames[pos] as string;
    return { index, text: `${card.classNames[index]} (p(${name}) = ${p.toFixed(4)} ${p >= card.threshold ? '≥' : '<'} threshold ${card.threshold.toFixed(4)})` };
  }
  let index = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] as number) > (probs[index] as number)) index = i;
  return { index, text: `${card.classNames[index]} (highest probability)` };
}
