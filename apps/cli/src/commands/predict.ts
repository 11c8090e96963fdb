import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName, type ImageBatch } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { loadModelPredictor } from './predict-model';

interface PredictArgs extends GlobalArgs {
  model: string;
  images: string[];
  backend: BackendName | 'auto';
  window?: string;
  json: boolean;
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;

/** `medimg predict --model DIR IMAGE...`: class probabilities per image (unreadable images are reported and skipped). */
export const predictCommand: CommandModule<GlobalArgs, PredictArgs> = {
  command: 'predict <images..>',
  describe: 'Print class probabilities for images, e.g. {"NORMAL": 0.03, "PNEUMONIA": 0.97}',
  builder: (y) =>
    y
      .positional('images', { type: 'string', array: true, demandOption: true, describe: 'Image files (JPEG, PNG, DICOM)' })
      .option('model', { type: 'string', demandOption: true, describe: 'A LayersModel dir (OUT/best of medimg train), a GraphModel dir (medimg freeze) or an .onnx file (FP32 or INT8)' })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('window', { type: 'string', describe: "DICOM / 16-bit PNG windowing: auto, full or CENTER,WIDTH (default: the model's, as trained)" })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON line per image with path, probabilities, prediction' }),
  handler: runHandler<PredictArgs>(async (args, logger) => {
    const { preprocessImageFile, parseWindow } = await import('@medimg/dataset');
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const { predictor, metadata } = await loadModelPredictor(args.model);
    const { imageSize, channels } = metadata.preprocessing;
    let failed = 0;
    try {
      for (const path of args.images) {
        let pixels: Uint8Array;
        try {
          pixels = await preprocessImageFile(path, window === undefined ? metadata.preprocessing : { ...metadata.preprocessing, window });
        } catch (error) {
          failed++;
          logger.error(error instanceof Error ? error.message : String(error));
          continue;
        }
        const batch: ImageBatch = { pixels, labels: new Int32Array(1), size: 1, height: imageSize, width: imageSize, channels, indices: new Int32Array(1) };
        const probs = await predictor.predict(batch);
        const byClass: Record<string, number> = {};
        metadata.classNames.forEach((name, c) => (byClass[name] = round(probs[c] as number)));
        let prediction: string;
        if (metadata.positiveClass !== null && metadata.classNames.length === 2) {
          const positive = metadata.positiveClass;
          prediction = (metadata.classNames[(probs[positive] as number) >= metadata.threshold ? positive : 1 - positive] as string);
        } else {
          let arg = 0;
          for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[arg] as number)) arg = c;
          prediction = metadata.classNames[arg] as string;
        }
        process.stdout.write(args.json ? JSON.stringify({ path, probabilities: byClass, prediction, threshold: metadata.threshold }) + '\n' : `${path}: ${JSON.stringify(byClass)} -> ${prediction}\n`);
      }
    } finally {
      predictor.dispose();
    }
    if (failed > 0) {
      logger.error(`${failed} of ${args.images.length} images could not be read (see above)`);
      process.exitCode = 1;
    }
  }),
};
