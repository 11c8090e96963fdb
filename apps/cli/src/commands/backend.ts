import type { CommandModule } from 'yargs';
import { selectBackend, BACKEND_NAMES, type BackendName } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';

interface BackendArgs extends GlobalArgs {
  backend: BackendName | 'auto';
  json: boolean;
}

/** `medimg backend`: shows which tfjs backend medimg would run on here, and why others were skipped. */
export const backendCommand: CommandModule<GlobalArgs, BackendArgs> = {
  command: 'backend',
  describe: 'Show the compute backend medimg selects on this machine',
  builder: (y) =>
    y
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const, describe: 'Backend to try' })
      .option('json', { type: 'boolean', default: false }),
  handler: runHandler<BackendArgs>(async (args) => {
    const info = await selectBackend({ backend: args.backend });
    process.stdout.write(args.json ? JSON.stringify(info) + '\n' : `backend: ${info.name}${info.simd ? ' (SIMD)' : ''}\n${info.skipped.map((s) => `skipped ${s.backend}: ${s.error}`).join('\n')}\n`);
  }),
};
