import { createModelCard, ValidationError, type EnsembleMember, type ModelCard } from '@medimg/core';

/** A member's card and where it was read from. */
export interface CardSource {
  card: ModelCard;
  source: string;
}

/** Each member whose validation split is not the first member's (cards without a split manifest count as a split of their own). */
function splitDisagreements(members: readonly CardSource[]): string[] {
  const [base] = members;
  const describe = (m: CardSource): string => (m.card.split === undefined ? 'no split manifest' : `split seed ${m.card.split.seed}, val-split ${m.card.split.valSplit}, ${m.card.split.validation.count} validation files (digest ${m.card.split.validation.digest.slice(0, 12)}...)`);
  if (base === undefined || members.every((m) => m.card.split === undefined)) return [];
  return members.slice(1).filter((m) => m.card.split?.validation.digest !== base.card.split?.validation.digest).map((m) => `${m.source} has ${describe(m)}, ${base.source} has ${describe(base)}`);
}

/**
 * The card of the mean-probability ensemble of `members`: they must agree on class names, positive class, input
 * shape and preprocessing (a ValidationError lists every disagreement). `threshold` defaults to the mean of the
 * members' thresholds (policy `members-mean`: an approximation; the ensemble's own validation threshold needs
 * `medimg evaluate` on it). The members must share one train/validation split (or all have none, as cards before the split manifest): it is kept; different splits are refused, since each member then trained on another's validation images. No metrics,
 * operating points or calibration are copied: they belong to the members (listed in `ensemble.members`).
 */
export function ensembleCard(members: readonly CardSource[], threshold?: number): ModelCard {
  const [base] = members;
  if (base === undefined || members.length < 2) throw new ValidationError('ensembleCard', [`expected 2 or more members, got ${members.length}`]);
  const problems: string[] = [];
  const json = (v: unknown): string => JSON.stringify(v);
  for (const m of members.slice(1)) {
    for (const field of ['classNames', 'positiveClass', 'inputShape', 'preprocessing'] as const) {
      if (json(m.card[field]) !== json(base.card[field])) problems.push(`${m.source} has ${field} ${json(m.card[field])}, ${base.source} has ${json(base.card[field])}`);
    }
  }
  if (problems.length > 0) throw new ValidationError('ensembleCard', [...problems, 'Fix: ensemble models trained on the same classes with the same preprocessing (e.g. the same train command with different --seed)']);
  const splitProblems = splitDisagreements(members);
  if (splitProblems.length > 0) {
    throw new ValidationError('ensembleCard', [
      ...splitProblems,
      "the members were validated on different train/validation splits, so each one trained on images another one was validated on: the ensemble has no held-out validation set. Fix: train the members with one split, e.g. medimg train --seed 43 --split-seed 42 (the same --split-seed and --val-split for every member)",
    ]);
  }
  const ensemble: EnsembleMember[] = members.map(({ card, source }) => ({
    source,
    architecture: card.architecture,
    seed: typeof card.provenance['seed'] === 'number' ? card.provenance['seed'] : null,
    threshold: card.threshold,
    validation: card.metrics?.['validation'] ?? null,
  }));
  const architectures = [...new Set(members.map((m) => m.card.architecture))];
  const sameData = members.every((m) => m.card.provenance.datasetDigest === base.card.provenance.datasetDigest);
  const mean = members.reduce((s, m) => s + m.card.threshold, 0) / members.length;
  return createModelCard({
    architecture: `ensemble(${architectures.join('+')} x${members.length})`,
    classNames: base.card.classNames,
    positiveClass: base.card.positiveClass,
    preprocessing: base.card.preprocessing,
    threshold: threshold ?? mean,
    thresholdPolicy: threshold === undefined ? { name: 'members-mean', inferred: true } : { name: 'fixed' },
    ...(base.card.split !== undefined ? { split: base.card.split } : {}),
    provenance: { engine: 'ensemble', backend: 'onnx', epochs: 0, commit: null, datasetDigest: sameData ? base.card.provenance.datasetDigest : null, members: members.length },
    ensemble: { combine: 'mean-probabilities', members: ensemble },
  });
}
