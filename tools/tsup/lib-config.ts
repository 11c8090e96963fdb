import type { Options } from 'tsup';

/**
 * The one tsup config factory every medimg package uses: ESM (`.js`) + CJS (`.cjs`) + `.d.ts`/`.d.cts`.
 * Dependencies and peer dependencies stay external (tsup's default), so a user's app decides
 * which tfjs backend package is installed.
 */
export function libConfig(overrides: Partial<Options> = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    outDir: 'dist',
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
