import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';

interface FreezeArgs extends GlobalArgs {
  model: string;
  out: string;
  compress: 'none' | 'float16' | 'uint8';
  backend: BackendName | 'auto';
  json: boolean;
}

/** `medimg freeze`: a trained LayersModel directory -> an inference-only tfjs GraphModel directory. */
export const freezeCommand: CommandModule<GlobalArgs, FreezeArgs> = {
  command: 'freeze',
  describe: 'Freeze a trained model into an inference-only tfjs GraphModel (batch norm folded, fused ops)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'A trained LayersModel: a training run directory (medimg train --out RUN; uses RUN/best) or its model directory' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory for the GraphModel' })
      .option('compress', { choices: ['none', 'float16', 'uint8'] as const, default: 'none' as const, describe: 'Weight compression (uint8 = affine per tensor)' })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' }),
  handler: runHandler<FreezeArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const [{ freezeModelDir }, { resolveLayersModelDir }] = await Promise.all([import('@medimg/export'), import('../resolve-layers-model')]);
    const modelDir = await resolveLayersModelDir(args.model, 'freeze', logger);
    const r = await freezeModelDir({ modelDir, outDir: args.out, compress: args.compress, logger });
    if (args.json) {
      process.stdout.write(JSON.stringify(r) + '\n');
      return;
    }
    const ops = Object.entries(r.opCounts)
      .map(([op, n]) => `${op}=${n}`)
      .join(' ');
    process.stdout.write(
      [
        `frozen: ${r.outDir} (compress ${r.compress})`,
        `nodes: ${r.nodes} (${ops})`,
        `params: ${r.params}, weights ${r.weightBytes} bytes, model.json ${r.modelJsonBytes} bytes`,
        `folded batch norms: ${r.foldedBatchNorms.length}, fused activations: ${r.fusedActivations.length}, dropped: ${r.droppedLayers.join(', ') || 'none'}`,
        `max |LayersModel - GraphModel| on ${r.probeImages} probe images: ${r.maxAbsDiff.toExponential(2)}`,
      ].join('\n') + '\n',
    );
  }),
};
