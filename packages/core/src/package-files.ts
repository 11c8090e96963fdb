import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MedimgError } from './errors/medimg-error';

/** Where a package's own files are looked up: its npm name, a folder inside it (the caller's __dirname) and the error code. */
export interface PackageFilesOptions {
  /** The package's npm name, e.g. '@medimg/serve'. */
  packageName: string;
  /** A folder inside the package, in src/ or dist/ (the caller passes its __dirname). */
  from: string;
  /** The MedimgError code thrown when the folder or a built file is missing, e.g. 'E_SERVE_BUILD'. */
  code: string;
}

const roots = new Map<string, string>();

/** The folder of package `packageName` (the nearest package.json above `from` that carries that name). */
export function packageRoot({ packageName, from, code }: PackageFilesOptions): string {
  const known = roots.get(packageName);
  if (known !== undefined) return known;
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === packageName) {
          roots.set(packageName, dir);
          return dir;
        }
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MedimgError(code, `Error in ${packageName}: cannot find the package folder above ${from}.`);
    dir = parent;
  }
}

/**
 * A built file of the package (dist/<name>), e.g. a worker script or a page bundle. Workers and browsers run plain
 * JavaScript, so tests and apps need dist/: a missing file throws a MedimgError that names it and the build command.
 */
export function builtPackageFile(options: PackageFilesOptions, name: string): string {
  const path = join(packageRoot(options), 'dist', name);
  if (!existsSync(path)) {
    const project = options.packageName.replace(/^@medimg\//, '');
    throw new MedimgError(options.code, `Error in ${options.packageName}: ${path} is missing. Fix: build the package first (npx nx run ${project}:build, or npm run build).`);
  }
  return path;
}
