import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName, type ImageBatch } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { decisionThreshold } from '../decision-threshold';
import { loadModelPredictor } from './predict-model';

interface PredictArgs extends GlobalArgs {
  model: string;
  images: string[];
  policy?: string;
  threshold?: number;
  backend: BackendName | 'auto';
  json: boolean;
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;

/** `medimg predict --model DIR IMAGE...`: class probabilities per image (unreadable images are reported and skipped). */
export const predictCommand: CommandModule<GlobalArgs, PredictArgs> = {
  command: 'predict <images..>',
  describe: 'Print class probabilities for images, e.g. {"NORMAL": 0.03, "PNEUMONIA": 0.97}',
  builder: (y) =>
    y
      .positional('images', { type: 'string', array: true, demandOption: true, describe: 'Image files (JPEG, PNG)' })
      .option('model', { type: 'string', demandOption: true, describe: 'A LayersModel dir (OUT/best of medimg train), a GraphModel dir (medimg freeze) or an .onnx file (FP32 or INT8)' })
      .option('policy', { type: 'string', describe: "Decide at this stored operating point's threshold (youden, sensitivity:0.95, specificity:0.9, cost:5)" })
      .option('threshold', { type: 'number', describe: "Decision threshold (overrides --policy; default: the model's)" })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON line per image with path, probabilities, prediction, threshold and policy' }),
  handler: runHandler<PredictArgs>(async (args, logger) => {
    const { preprocessImageFile } = await import('@medimg/dataset');
    await selectBackend({ backend: args.backend, logger });
    const { predictor, metadata } = await loadModelPredictor(args.model);
    const { imageSize, channels } = metadata.preprocessing;
    const decision = decisionThreshold(metadata, args);
    let failed = 0;
    try {
      for (const path of args.images) {
        let pixels: Uint8Array;
        try {
          pixels = await preprocessImageFile(path, metadata.preprocessing);
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
        let why: string;
        if (metadata.positiveClass !== null && metadata.classNames.length === 2) {
          const positive = metadata.positiveClass;
          const p = probs[positive] as number;
          const yes = p >= decision.threshold;
          prediction = metadata.classNames[yes ? positive : 1 - positive] as string;
          why = `p(${metadata.classNames[positive]})=${round(p)} ${yes ? '>=' : '<'} threshold ${round(decision.threshold)}, ${decision.policy}`;
        } else {
          let arg = 0;
          for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[arg] as number)) arg = c;
          prediction = metadata.classNames[arg] as string;
          why = `argmax, p=${round(probs[arg] as number)}`;
        }
        process.stdout.write(
          args.json
            ? JSON.stringify({ path, probabilities: byClass, prediction, ...(metadata.classNames.length === 2 ? { threshold: decision.threshold, policy: decision.policy } : { decision: 'argmax' }) }) + '\n'
            : `${path}: ${prediction} (${why}) ${JSON.stringify(byClass)}\n`,
        );
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
