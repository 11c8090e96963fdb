import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

// shims: `__dirname`/`__filename` in the ESM build, used to find worker/decode-core.cjs next to dist/.
export default defineConfig(libConfig({ shims: true }));
