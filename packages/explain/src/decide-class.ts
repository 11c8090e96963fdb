import { ValidationError, type ModelCard } from '@medimg/core';
import { decideClass } from '@medimg/metrics';

/** The model's decision: for a binary model with a positive class, positive iff p >= threshold; else the top class. */
export function decidedClass(probabilities: Float32Array, metadata: ModelCard): number {
  return decideClass(probabilities, metadata);
}

/** Resolves a class given as index or name against the card; throws a ValidationError listing the classes. */
export function classIndexOf(where: string, cls: number | string, metadata: ModelCard): number {
  const index = typeof cls === 'number' ? cls : metadata.classNames.indexOf(cls);
  if (!Number.isInteger(index) || index < 0 || index >= metadata.classNames.length) {
    throw new ValidationError(where, [`class ${JSON.stringify(cls)} is not a class of this model; choose an index 0..${metadata.classNames.length - 1} or one of ${metadata.classNames.join(', ')}`]);
  }
  return index;
}
