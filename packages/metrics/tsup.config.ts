import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

export default defineConfig(libConfig());
