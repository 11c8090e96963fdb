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
    // Lazy `import()` of workspace libraries becomes `require()`, so the CLI loads their CJS builds only
    // (one instance of each package: error guards and registries stay shared).
    esbuildOptions(o) {
      o.supported = { ...o.supported, 'dynamic-import': false };
    },
    ...overrides,
  };
}
