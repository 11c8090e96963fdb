import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

// Two entries: the library, and `@medimg/onnx/testing` (small real models for specs, dist/testing.*).
export default defineConfig(libConfig({ entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' } }));
