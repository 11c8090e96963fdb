import { ValidationError } from '@medimg/core';
import type { ThresholdPolicy } from '../types';
import { costPolicy } from './cost';
import { sensitivityPolicy } from './sensitivity';
import { specificityPolicy } from './specificity';
import { youdenPolicy } from './youden';

/** Builds a policy from the text after `kind:` (undefined when the name has no argument). */
export type ThresholdPolicyFactory = (argument: string | undefined) => ThresholdPolicy;

/** Built in: youden, sensitivity:X, specificity:X, cost:R. */
const factories = new Map<string, ThresholdPolicyFactory>([
  ['youden', youdenPolicy],
  ['sensitivity', sensitivityPolicy],
  ['specificity', specificityPolicy],
  ['cost', costPolicy],
]);

/** Registers a threshold-policy kind (`youden`, `sensitivity`, ...), replacing one of the same kind. */
export function registerThresholdPolicy(kind: string, factory: ThresholdPolicyFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new ValidationError('registerThresholdPolicy', [`kind must be kebab-case; got ${JSON.stringify(kind)}`]);
  factories.set(kind, factory);
}

/** The registered policy kinds, sorted. */
export function listThresholdPolicies(): string[] {
  return [...factories.keys()].sort();
}

/**
 * The policy named `name` (`kind` or `kind:argument`, e.g. `sensitivity:0.95`). Its `.name` is canonical
 * (`specificity:0.90` -> `specificity:0.9`), so compare policies by `thresholdPolicy(x).name`.
 */
export function thresholdPolicy(name: string): ThresholdPolicy {
  const colon = name.indexOf(':');
  const kind = colon < 0 ? name : name.slice(0, colon);
  const factory = factories.get(kind);
  if (factory === undefined) {
    throw new ValidationError('thresholdPolicy', [`unknown threshold policy "${name}". Registered kinds: ${listThresholdPolicies().join(', ')} (e.g. youden, sensitivity:0.95, specificity:0.90, cost:5). Fix: use one of those`]);
  }
  return factory(colon < 0 ? undefined : name.slice(colon + 1));
}
