import type { CommandModule } from 'yargs';
import { selectBackend } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { modelCommandOptions, type ModelCommandArgs } from '../common-options';

interface ExplainArgs extends GlobalArgs, ModelCommandArgs {
  images: string[];
  out: string;
  class?: string;
  layer?: string;
}

/** `medimg explain --model M IMAGE... --out DIR`: heat-map overlays (Grad-CAM / CAM) and the raw maps per image. */
export const explainCommand: CommandModule<GlobalArgs, ExplainArgs> = {
  command: 'explain <images..>',
  describe: 'Show where the model looks: a heat-map overlay PNG (with probabilities and threshold) and the raw map (.map.json, .map.npy) per image',
  builder: (y) =>
    modelCommandOptions(y, { model: 'A LayersModel dir or train run dir (Grad-CAM), or an .onnx file, FP32 or INT8, from medimg export-onnx/quantize (CAM)', json: 'One JSON line per image' })
      .positional('images', { type: 'string', array: true, demandOption: true, describe: 'Image files (JPEG, PNG)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
      .option('class', { type: 'string', describe: 'Class to explain (name or index). Default: the model decision per image' })
      .option('layer', { type: 'string', describe: 'LayersModels: layer to explain. Default: the last conv block' }),
  handler: runHandler<ExplainArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const { explainFiles } = await import('@medimg/explain');
    const cls = args.class === undefined ? undefined : /^\d+$/.test(args.class) ? Number(args.class) : args.class;
    const result = await explainFiles({
      model: args.model,
      images: args.images,
      outDir: args.out,
      classIndex: cls,
      layer: args.layer,
      logger,
      onImage: (r) => process.stdout.write(args.json ? JSON.stringify(r) + '\n' : `${r.image}: ${JSON.stringify(r.probabilities)} -> ${r.prediction}; map of ${r.className}: ${r.overlay}\n`),
    });
    if (result.skipped.length > 0) {
      logger.error(`${result.skipped.length} of ${args.images.length} images could not be read (see above)`);
      process.exitCode = 1;
    }
  }),
};
