import { existsSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

/** The package's models/ folder, found from src (tests) or dist (the built and installed package). */
export function modelsDir(): string {
  if (cached !== undefined) return cached;
  for (const up of ['../models', '../../models']) {
    const dir = join(__dirname, up);
    if (existsSync(join(dir, 'pneumonia'))) {
      cached = dir;
      return dir;
    }
  }
  throw new Error(`@medimg/zoo: models/ not found near ${__dirname}; the package is incomplete (reinstall it)`);
}
