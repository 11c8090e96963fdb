import { builtPackageFile, packageRoot, type PackageFilesOptions } from '@medimg/core';

const TUNE: PackageFilesOptions = { packageName: '@medimg/tune', from: __dirname, code: 'E_TUNE_BUILD' };

/** The @medimg/tune package folder (found by walking up from this module, in src/ or dist/). */
export const tunePackageRoot = (): string => packageRoot(TUNE);

/** A built file of this package (dist/<name>), e.g. the trial worker. */
export const builtFile = (name: string): string => builtPackageFile(TUNE, name);
