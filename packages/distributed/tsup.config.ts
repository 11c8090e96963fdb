import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

// The library (ESM + CJS) and the worker process entry (dist/worker-main.cjs, for programs and tests; the CLI's
// `medimg worker` calls startWorker in-process). `shims` gives the ESM build a __dirname.
export default defineConfig(libConfig({ entry: { index: 'src/index.ts', 'worker-main': 'src/worker/worker-main.ts' }, shims: true }));
