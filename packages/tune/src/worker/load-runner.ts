import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TrialRunner, TrialRunnerFn } from '../types';

/**
 * Loads `runner.module` (absolute path, or a package name resolved from the worker, then from the current
 * directory) and returns its `exportName` function. Errors name the module and the fix.
 */
export async function loadRunner(runner: TrialRunner, fromFile: string): Promise<TrialRunnerFn> {
  const candidates = isAbsolute(runner.module) ? [runner.module] : [fromFile, join(process.cwd(), 'noop.js')];
  let loaded: Record<string, unknown> | undefined;
  let lastError: unknown;
  for (const base of candidates) {
    try {
      const req = createRequire(isAbsolute(runner.module) ? runner.module : base);
      const resolved = req.resolve(runner.module);
      try {
        loaded = req(resolved) as Record<string, unknown>;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
        loaded = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
      }
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (loaded === undefined) {
    const why = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(`Error in trial worker: cannot load runner module ${runner.module}: ${why}. Fix: give an absolute path or an installed package name (built to JavaScript).`);
  }
  const fn = loaded[runner.exportName];
  if (typeof fn !== 'function') {
    throw new Error(`Error in trial worker: ${runner.module} has no function export "${runner.exportName}" (exports: ${Object.keys(loaded).join(', ') || 'none'}).`);
  }
  return fn as TrialRunnerFn;
}
