import { createModelCard, ValidationError, type EnsembleMember, type ModelCard } from '@medimg/core';

/** A member's card and where it was read from. */
export interface CardSource {
  card: ModelCard;
  source: string;
}

/**
 * The card of the mean-probability ensemble of `members`: they must agree on class names, positive class, input
 * shape and preprocessing (a ValidationError lists every disagreement). `threshold` defaults to the mean of the
 * members' thresholds (policy `members-mean`: an approximation; the ensemble's own validation threshold needs
 * `medimg evaluate` on it). The train/validation split is kept when every member has the same one. No metrics,
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
  const ensemble: EnsembleMember[] = members.map(({ card, source }) => ({
    source,
    architecture: card.architecture,
    seed: typeof card.provenance['seed'] === 'number' ? card.provenance['seed'] : null,
    threshold: card.threshold,
    validation: card.metrics?.['validation'] ?? null,
  }));
  const architectures = [...new Set(members.map((m) => m.card.architecture))];
  const sameSplit = members.every((m) => m.card.split !== undefined && m.card.split.validation.digest === base.card.split?.validation.digest);
  const sameData = members.every((m) => m.card.provenance.datasetDigest === base.card.provenance.datasetDigest);
  const mean = members.reduce((s, m) => s + m.card.threshold, 0) / members.length;
  return createModelCard({
    architecture: `ensemble(${architectures.join('+')} x${members.length})`,
    classNames: base.card.classNames,
    positiveClass: base.card.positiveClass,
    preprocessing: base.card.preprocessing,
    threshold: threshold ?? mean,
    thresholdPolicy: threshold === undefined ? { name: 'members-mean', inferred: true } : { name: 'fixed' },
    ...(sameSplit && base.card.split !== undefined ? { split: base.card.split } : {}),
    provenance: { engine: 'ensemble', backend: 'onnx', epochs: 0, commit: null, datasetDigest: sameData ? base.card.provenance.datasetDigest : null, members: members.length },
    ensemble: { combine: 'mean-probabilities', members: ensemble },
  });
}
