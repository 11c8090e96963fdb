import { join } from 'node:path';
import { writeFileAtomic } from '@medimg/core';
import { currentConfig } from './apply-config';

/** The file in a run directory that records the run's effective configuration. */
export const RUN_CONFIG_FILE = 'config.json';

/** Writes the effective configuration of this command (values and their sources) to DIR/config.json, atomically. */
export async function writeRunConfig(dir: string): Promise<void> {
  const config = currentConfig();
  if (config) await writeFileAtomic(join(dir, RUN_CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
}
