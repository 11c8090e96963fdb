import type { CommandModule } from 'yargs';
import { selectBackend } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { backendOption, jsonOption, type BackendArgs, type JsonArgs } from '../common-options';

type BackendCommandArgs = GlobalArgs & BackendArgs & JsonArgs;

/** `medimg backend`: shows which tfjs backend medimg would run on here, and why others were skipped. */
export const backendCommand: CommandModule<GlobalArgs, BackendCommandArgs> = {
  command: 'backend',
  describe: 'Show the compute backend medimg selects on this machine',
  builder: (y) => jsonOption(backendOption(y, 'Backend to try')),
  handler: runHandler<BackendCommandArgs>(async (args) => {
    const info = await selectBackend({ backend: args.backend });
    process.stdout.write(args.json ? JSON.stringify(info) + '\n' : `backend: ${info.name}${info.simd ? ' (SIMD)' : ''}\n${info.skipped.map((s) => `skipped ${s.backend}: ${s.error}`).join('\n')}\n`);
  }),
};
