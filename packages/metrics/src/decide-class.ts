/** What a decision needs of a model card: the positive class (null: none) and the threshold on its probability. */
export interface DecisionRule {
  positiveClass: number | null;
  threshold: number;
}

/**
 * The one decision rule of medimg: for two classes with a positive class, the positive class when its probability
 * >= `threshold`, else the other one; for more classes (or none positive), the class with the highest probability
 * (first maximum wins ties). `probabilities` is one image's row; pass the model card (or `{ ...card, threshold }`).
 */
export function decideClass(probabilities: ArrayLike<number>, rule: DecisionRule): number {
  const positive = rule.positiveClass;
  if (positive !== null && probabilities.length === 2) return (probabilities[positive] as number) >= rule.threshold ? positive : 1 - positive;
  let arg = 0;
  for (let c = 1; c < probabilities.length; c++) if ((probabilities[c] as number) > (probabilities[arg] as number)) arg = c;
  return arg;
}
