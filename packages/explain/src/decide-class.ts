import { ValidationError, type ModelCard } from '@medimg/core';

/** The model's decision: for a binary model with a positive class, positive iff p >= threshold; else the top class. */
export function decidedClass(probabilities: Float32Array, metadata: ModelCard): number {
  const positive = metadata.positiveClass;
  if (positive !== null && probabilities.length === 2) return (probabilities[positive] as number) >= metadata.threshold ? positive : 1 - positive;
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
  return best;
}

/** Resolves a class given as index or name against the card; throws a ValidationError listing the classes. */
export function classIndexOf(where: string, cls: number | string, metadata: ModelCard): number {
  const index = typeof cls === 'number' ? cls : metadata.classNames.indexOf(cls);
  if (!Number.isInteger(index) || index < 0 || index >= metadata.classNames.length) {
    throw new ValidationError(where, [`class ${JSON.stringify(cls)} is not a class of this model; choose an index 0..${metadata.classNames.length - 1} or one of ${metadata.classNames.join(', ')}`]);
  }
  return index;
}
