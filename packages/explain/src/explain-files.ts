import { basename, extname, join } from 'node:path';
import { OptionChecker, silentLogger, writeFileAtomic, type Logger } from '@medimg/core';
import { preprocessImageFile } from '@medimg/dataset';
import { decidedClass } from './decide-class';
import { loadExplainer } from './load-explainer';
import { renderOverlay } from './render-overlay';
import { npyBytes } from './write-npy';
import type { ExplainOptions, Explanation } from './types';

export interface ExplainFilesOptions {
  /** A LayersModel directory, a `medimg train` run directory, or an .onnx file (FP32 or INT8). */
  model: string;
  /** Image files (JPEG, PNG); unreadable ones are skipped and listed in the result. */
  images: string[];
  /** Folder for `<stem>.overlay.png`, `<stem>.map.json`, `<stem>.map.npy` per image and `explain.json`. */
  outDir: string;
  /** Class to explain (index or name). Default: each image's decision. */
  classIndex?: ExplainOptions['classIndex'];
  /** LayersModels: the layer to explain (default: the last conv block). */
  layer?: string;
  logger?: Logger;
  /** Called after each image. */
  onImage?: (result: ExplainedFile) => void;
}

export interface ExplainedFile {
  image: string;
  overlay: string;
  json: string;
  npy: string;
  className: string;
  probabilities: Record<string, number>;
  /** The card's decision for the image. */
  prediction: string;
}

export interface ExplainFilesResult {
  model: string;
  method: string;
  explained: ExplainedFile[];
  skipped: { image: string; reason: string }[];
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * Explains image files with one model: per image a PNG overlay (heat map on the X-ray with the probabilities and the
 * threshold written on it), the map as JSON ({width, height, data, ...}) and as a float32 .npy; `explain.json` lists
 * them. Stem collisions get a numeric suffix. Files are written atomically.
 */
export async function explainFiles(options: ExplainFilesOptions): Promise<ExplainFilesResult> {
  const check = new OptionChecker('explainFiles');
  check.string('model', options.model);
  check.string('outDir', options.outDir);
  check.check(Array.isArray(options.images) && options.images.length > 0 && options.images.every((p) => typeof p === 'string'), 'images must be a non-empty list of file paths');
  check.done();
  const logger = options.logger ?? silentLogger;
  const explainer = await loadExplainer(options.model, { layer: options.layer, logger });
  const meta = explainer.metadata;
  const { imageSize, channels } = meta.preprocessing;
  const result: ExplainFilesResult = { model: explainer.source, method: explainer.method, explained: [], skipped: [] };
  const stems = new Map<string, number>();
  try {
    for (const path of options.images) {
      let pixels: Uint8Array;
      try {
        pixels = await preprocessImageFile(path, meta.preprocessing);
      } catch (error) {
        const reason = (error as Error).message;
        logger.warn(reason);
        result.skipped.push({ image: path, reason });
        continue;
      }
      const image = { pixels, width: imageSize, height: imageSize, channels };
      const e: Explanation = await explainer.explain(image, { classIndex: options.classIndex });
      let stem = basename(path, extname(path));
      const seen = stems.get(stem) ?? 0;
      stems.set(stem, seen + 1);
      if (seen > 0) stem = `${stem}-${seen + 1}`;
      const probabilities = Object.fromEntries(meta.classNames.map((name, c) => [name, round(e.probabilities[c] as number)]));
      const prediction = meta.classNames[decidedClass(e.probabilities, meta)] as string;
      const files = { overlay: join(options.outDir, `${stem}.overlay.png`), json: join(options.outDir, `${stem}.map.json`), npy: join(options.outDir, `${stem}.map.npy`) };
      await writeFileAtomic(files.overlay, await renderOverlay(image, e, meta));
      const record = { image: path, model: explainer.source, method: e.method, layer: e.layer, classIndex: e.classIndex, className: e.className, probabilities, prediction, threshold: meta.threshold, peak: e.peak, width: e.width, height: e.height, data: Array.from(e.map, round) };
      await writeFileAtomic(files.json, JSON.stringify(record));
      await writeFileAtomic(files.npy, npyBytes(e.map, [e.height, e.width]));
      const done: ExplainedFile = { image: path, ...files, className: e.className, probabilities, prediction };
      result.explained.push(done);
      options.onImage?.(done);
    }
  } finally {
    explainer.dispose();
  }
  await writeFileAtomic(join(options.outDir, 'explain.json'), JSON.stringify(result, null, 2));
  logger.info(`explained ${result.explained.length} of ${options.images.length} images with ${result.model}`, { skipped: result.skipped.length });
  return result;
}
