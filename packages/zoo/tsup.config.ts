import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

// shims: `__dirname` in the ESM build, used to find models/ next to dist/.
export default defineConfig(libConfig({ shims: true }));
