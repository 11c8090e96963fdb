import { builtPackageFile, type PackageFilesOptions } from '@medimg/core';

const SERVE: PackageFilesOptions = { packageName: '@medimg/serve', from: __dirname, code: 'E_SERVE_BUILD' };

/** A built file of this package (dist/<name>): the inference worker and the page bundle. */
export const builtFile = (name: string): string => builtPackageFile(SERVE, name);
