import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MedimgError } from '@medimg/core';

/** The @medimg/tune package folder (found by walking up from this module, in src/ or dist/). */
export function tunePackageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@medimg/tune') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MedimgError('E_TUNE_BUILD', `Error in @medimg/tune: cannot find the package folder above ${__dirname}.`);
    dir = parent;
  }
}

/**
 * A built file of this package (dist/<name>), e.g. the trial worker. Throws a clear error when the package has
 * not been built: workers run plain JavaScript, so tests and apps need `dist/`.
 */
export function builtFile(name: string): string {
  const path = join(tunePackageRoot(), 'dist', name);
  if (!existsSync(path)) {
    throw new MedimgError(
      'E_TUNE_BUILD',
      `Error in @medimg/tune: ${path} is missing. Fix: build the package first (cd /path/to/medimg && npx nx run tune:build, or npm run build).`,
    );
  }
  return path;
}
