import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MedimgError } from '@medimg/core';

let root: string | undefined;

/** The @medimg/serve package folder (found by walking up from this module, in src/ or dist/). */
export function servePackageRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@medimg/serve') return (root = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MedimgError('E_SERVE_BUILD', `Error in @medimg/serve: cannot find the package folder above ${__dirname}.`);
    dir = parent;
  }
}

/**
 * A built file of this package (dist/<name>): the inference worker and the page bundle. Throws a clear error when the
 * package has not been built (workers and browsers run plain JavaScript, so tests and apps need dist/).
 */
export function builtFile(name: string): string {
  const path = join(servePackageRoot(), 'dist', name);
  if (!existsSync(path)) {
    throw new MedimgError('E_SERVE_BUILD', `Error in @medimg/serve: ${path} is missing. Fix: build the package first (npx nx run serve:build, or npm run build).`);
  }
  return path;
}
