import type { ThresholdPolicy } from '@medimg/core';
import type { ThresholdSet } from './threshold-set';

/**
 * The card's `thresholdPolicy` of a policy fitted on `thresholdSet` over `images` images. Training on plain
 * validation records `{ name, on: 'validation' }` as it always did; a pooled set or a re-fit (`calibrate`) also
 * records what the set was, its size and what fitted it.
 */
export function thresholdPolicyRecord(policy: string, thresholdSet: ThresholdSet | undefined, images: number, fittedBy: 'train' | 'calibrate' = 'train'): ThresholdPolicy {
  const on = thresholdSet?.name ?? 'validation';
  if (fittedBy === 'train' && (thresholdSet === undefined || thresholdSet.sets.length === 0)) return { name: policy, on };
  return { name: policy, on, ...(thresholdSet?.stress !== undefined ? { stress: thresholdSet.stress } : {}), images, fittedBy };
}
