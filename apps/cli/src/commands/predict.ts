import type { CommandModule } from 'yargs';
import { selectBackend, ValidationError, type ImageBatch } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { modelCommandOptions, modelWindowOption, type ModelCommandArgs, type ModelWindowArgs } from '../common-options';
import { decisionThreshold } from '../decision-threshold';
import { decideClass } from '@medimg/metrics';
import { runPredictBatch, type PredictBatchArgs } from './predict-batch';

interface PredictArgs extends GlobalArgs, Omit<PredictBatchArgs, 'data-dir'>, ModelCommandArgs, ModelWindowArgs {
  'data-dir'?: string;
  images?: string[];
  policy?: string;
  threshold?: number;
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;

/** `medimg predict --model DIR IMAGE...`: class probabilities per image (unreadable images are reported and skipped). */
export const predictCommand: CommandModule<GlobalArgs, PredictArgs> = {
  command: 'predict [images..]',
  describe: 'Print class probabilities for images, e.g. {"NORMAL": 0.03, "PNEUMONIA": 0.97}',
  builder: (y) =>
    modelWindowOption(modelCommandOptions(y, { model: 'A model: a training run directory (medimg train --out RUN; uses RUN/best), a LayersModel or GraphModel directory, or an .onnx file (FP32 or INT8)', json: 'One JSON line per image with path, probabilities, prediction, threshold and policy' }))
      .positional('images', { type: 'string', array: true, describe: 'Image files (JPEG, PNG, DICOM); or use --data-dir for a whole folder' })
      .option('policy', { type: 'string', describe: "Decide at this stored operating point's threshold (youden, sensitivity:0.95, specificity:0.9, cost:5)" })
      .option('threshold', { type: 'number', describe: "Decision threshold (overrides --policy; default: the model's)" })
      .option('data-dir', { type: 'string', describe: 'Batch mode: every image under this folder, streamed, into --out' })
      .option('out', { type: 'string', describe: 'Batch mode: results file, one JSON line per image; rerun to resume' })
      .option('queue', { type: 'string', describe: 'Batch mode: redis://HOST:PORT, shard the files across `medimg worker`s' })
      .option('engine', { type: 'string', describe: 'Batch mode: predictor engine (default by model kind)' })
      .option('threads', { type: 'number', describe: 'Batch mode: engine threads (onnxruntime)' })
      .option('batch-size', { type: 'number', default: 32, describe: 'Batch mode: images per model call' })
      .option('chunk-size', { type: 'number', default: 256, describe: 'Batch mode with --queue: files per job' }),
  handler: runHandler<PredictArgs>(async (args, logger) => {
    const dataDir = args['data-dir'];
    if (dataDir !== undefined) return runPredictBatch({ ...args, 'data-dir': dataDir }, logger);
    const images = args.images ?? [];
    if (images.length === 0) throw new ValidationError('medimg predict', ['give image files, or --data-dir DIR --out results.jsonl for a folder']);
    const [{ preprocessImageFile, parseWindow }, { loadPredictor }] = await Promise.all([import('@medimg/dataset'), import('@medimg/runtime')]);
    const window = args.window === undefined ? undefined : parseWindow(args.window);
    await selectBackend({ backend: args.backend, logger });
    const predictor = await loadPredictor(args.model, { logger });
    const metadata = predictor.card;
    const { imageSize, channels } = metadata.preprocessing;
    const decision = decisionThreshold(metadata, args);
    let failed = 0;
    try {
      for (const path of images) {
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
        let why: string;
        const decided = decideClass(probs, { positiveClass: metadata.positiveClass, threshold: decision.threshold });
        const prediction = metadata.classNames[decided] as string;
        if (metadata.positiveClass !== null && metadata.classNames.length === 2) {
          const positive = metadata.positiveClass;
          const p = probs[positive] as number;
          why = `p(${metadata.classNames[positive]})=${round(p)} ${decided === positive ? '>=' : '<'} threshold ${round(decision.threshold)}, ${decision.policy}`;
        } else {
          why = `argmax, p=${round(probs[decided] as number)}`;
        }
        process.stdout.write(
          args.json
            ? JSON.stringify({ path, probabilities: byClass, prediction, ...(metadata.classNames.length === 2 ? { threshold: decision.threshold, policy: decision.policy } : { decision: 'argmax' }) }) + '\n'
            : `${path}: ${prediction} (${why}) ${JSON.stringify(byClass)}\n`,
        );
      }
    } finally {
      await predictor.dispose();
    }
    if (failed > 0) {
      logger.error(`${failed} of ${images.length} images could not be read (see above)`);
      process.exitCode = 1;
    }
  }),
};
