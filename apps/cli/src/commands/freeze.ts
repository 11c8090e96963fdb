import type { CommandModule } from 'yargs';
import { selectBackend } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { modelCommandOptions, type ModelCommandArgs } from '../common-options';
import { opCountsText, printResult } from '../print-result';

interface FreezeArgs extends GlobalArgs, ModelCommandArgs {
  out: string;
  compress: 'none' | 'float16' | 'uint8';
}

/** `medimg freeze`: a trained LayersModel directory -> an inference-only tfjs GraphModel directory. */
export const freezeCommand: CommandModule<GlobalArgs, FreezeArgs> = {
  command: 'freeze',
  describe: 'Freeze a trained model into an inference-only tfjs GraphModel (batch norm folded, fused ops)',
  builder: (y) =>
    modelCommandOptions(y, { model: 'A trained LayersModel: a training run directory (medimg train --out RUN; uses RUN/best) or its model directory', json: 'Print the report as JSON' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory for the GraphModel' })
      .option('compress', { choices: ['none', 'float16', 'uint8'] as const, default: 'none' as const, describe: 'Weight compression (uint8 = affine per tensor)' }),
  handler: runHandler<FreezeArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const [{ freezeModelDir }, { resolveLayersModelDir }] = await Promise.all([import('@medimg/export'), import('../resolve-layers-model')]);
    const modelDir = await resolveLayersModelDir(args.model, 'freeze', logger);
    const r = await freezeModelDir({ modelDir, outDir: args.out, compress: args.compress, logger });
    printResult(args.json, r, () => [
      `frozen: ${r.outDir} (compress ${r.compress})`,
      `nodes: ${r.nodes} (${opCountsText(r.opCounts)})`,
      `params: ${r.params}, weights ${r.weightBytes} bytes, model.json ${r.modelJsonBytes} bytes`,
      `folded batch norms: ${r.foldedBatchNorms.length}, fused activations: ${r.fusedActivations.length}, dropped: ${r.droppedLayers.join(', ') || 'none'}`,
      `max |LayersModel - GraphModel| on ${r.probeImages} probe images: ${r.maxAbsDiff.toExponential(2)}`,
    ]);
  }),
};
