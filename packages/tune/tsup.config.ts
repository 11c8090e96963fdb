import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

// The library (ESM + CJS) and the trial worker each trial's child process runs (dist/trial-worker.cjs).
// `shims` gives the ESM build a __dirname, used to find dist/trial-worker.cjs.
export default defineConfig(libConfig({ entry: { index: 'src/index.ts', 'trial-worker': 'src/worker/trial-worker.ts' }, shims: true }));
