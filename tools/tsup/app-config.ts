import type { Options } from 'tsup';

/** Apps are CLIs: one CJS bundle with a shebang, workspace libraries stay external (resolved from their own packages). */
export function appConfig(entry: Record<string, string>, overrides: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    outDir: 'dist',
    splitting: false,
    outExtension: () => ({ js: '.cjs' }),
    ...overrides,
  };
}
