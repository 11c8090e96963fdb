import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * Loads a workspace package that may not have landed yet and checks it exports `names`.
 * Returns the module, or the reason it cannot be used (so suites skip with that reason).
 * Uses require (the packages' CommonJS builds): bench-runner is a CommonJS app.
 */
export async function loadOptional(pkg: string, names: readonly string[]): Promise<{ mod: Record<string, unknown> } | { reason: string }> {
  let mod: Record<string, unknown>;
  try {
    mod = load(pkg) as Record<string, unknown>;
  } catch (error) {
    return { reason: `${pkg} could not be loaded (${(error as Error).message.split('\n')[0]})` };
  }
  const missing = names.filter((n) => typeof mod[n] !== 'function');
  return missing.length === 0 ? { mod } : { reason: `${pkg} does not export ${missing.join(', ')} yet` };
}
