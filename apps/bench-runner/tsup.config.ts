import { defineConfig } from 'tsup';
import { appConfig } from '../../tools/tsup/app-config';

export default defineConfig(appConfig({ main: 'src/main.ts' }));
