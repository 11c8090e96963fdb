import { ValidationError, type ModelCard } from '@medimg/core';
import { canonicalPolicyName } from '@medimg/metrics';

/** The threshold a command decides at, and where it comes from (a policy name, or `--threshold`). */
export interface DecisionThreshold {
  threshold: number;
  /** `youden`, `sensitivity:0.95`, ... (chosen on validation), `fixed` (--threshold) or `default` (0.5). */
  policy: string;
}

/**
 * `--threshold` if given, else the threshold the card stores for `--policy`, else the card's decision threshold.
 * A policy the card does not store is a usage error naming the stored ones.
 */
export function decisionThreshold(card: ModelCard, args: { threshold?: number; policy?: string }): DecisionThreshold {
  if (args.threshold !== undefined) return { threshold: args.threshold, policy: 'fixed' };
  if (args.policy === undefined) return { threshold: card.threshold, policy: card.thresholdPolicy.name };
  const name = canonicalPolicyName(args.policy);
  const stored = card.operatingPoints ?? {};
  const threshold = stored[name] ?? (name === card.thresholdPolicy.name ? card.threshold : undefined);
  if (threshold === undefined) {
    const have = Object.keys(stored);
    throw new ValidationError('--policy', [`the model card stores no threshold for ${name} (it has ${have.length > 0 ? have.join(', ') : `only ${card.thresholdPolicy.name}`}). Fix: pick one of those, pass --threshold, or re-fit with \`medimg calibrate --policy ${name}\` (no retraining)`]);
  }
  return { threshold, policy: name };
}
