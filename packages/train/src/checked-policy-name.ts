import { isValidationError } from '@medimg/core';
import type { OptionChecker } from '@medimg/core';
import { canonicalPolicyName } from '@medimg/metrics';

/**
 * The canonical name of threshold policy `name`; an unknown or malformed one is noted on `v` under `label` (its
 * `done()` then throws) and `name` is returned unchanged.
 */
export function checkedPolicyName(v: OptionChecker, label: string, name: string): string {
  try {
    return canonicalPolicyName(name);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    v.check(false, `${label} ${JSON.stringify(name)}: ${error.problems.join('; ')}`);
    return name;
  }
}
