import { loadLayersModel, OptionChecker, pixelScaleOf, readModelCard, silentLogger, unitToModelInput, writeFileAtomic } from '@medimg/core';
import { encodeModel } from '@medimg/onnx';
import { runTfjs } from './freeze';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import { maxAbsDiff, probeBatch, PROBE_IMAGES } from './probe';
import { toOnnx } from './to-onnx';
import type { ExportOnnxOptions, ExportReport } from './types';

/**
 * Exports the LayersModel in `modelDir` (with its model card) to an .onnx file, written atomically. By default
 * runs the written bytes in onnxruntime-node and reports the max difference from tfjs on a seeded probe batch.
 */
export async function exportOnnx(options: ExportOnnxOptions): Promise<ExportReport> {
  const check = new OptionChecker('exportOnnx');
  check.string('modelDir', options.modelDir);
  check.string('outFile', options.outFile);
  check.check(typeof options.outFile !== 'string' || options.outFile.endsWith('.onnx'), `outFile must end with .onnx; got ${JSON.stringify(options.outFile)}`);
  check.done();
  const logger = options.logger ?? silentLogger;
  const metadata = await readModelCard(options.modelDir);
  const model = await loadLayersModel(options.modelDir);
  try {
    const onnx = toOnnx({ model, metadata, opset: options.opset ?? 13, camOutput: options.camOutput ?? true });
    const bytes = encodeModel(onnx);
    await writeFileAtomic(options.outFile, bytes);
    const opCounts: Record<string, number> = {};
    for (const n of onnx.graph.node) opCounts[n.opType] = (opCounts[n.opType] ?? 0) + 1;
    const inputShape = onnx.graph.input[0]?.dims.slice(1) as [number, number, number];
    let diff: number | null = null;
    if (options.verify ?? true) {
      const ort = await loadOrt().catch((error: unknown) => {
        logger.warn(`skipping onnxruntime verification: ${(error as Error).message}`);
        return undefined;
      });
      if (ort !== undefined) {
        const probe = unitToModelInput(probeBatch(PROBE_IMAGES, inputShape), pixelScaleOf(model));
        const expected = await runTfjs(model, probe, inputShape);
        const session = await createOrtSession(bytes, { label: options.outFile });
        try {
          const input = onnx.graph.input[0]?.name as string;
          const output = onnx.graph.output[0]?.name as string;
          const out = await session.run({ [input]: new ort.Tensor('float32', probe, [PROBE_IMAGES, ...inputShape]) });
          diff = maxAbsDiff(expected, out[output]?.data as Float32Array);
        } finally {
          await session.release();
        }
      }
    }
    const report: ExportReport = {
      outFile: options.outFile,
      bytes: bytes.byteLength,
      opset: onnx.opsetImport[0]?.version ?? 13,
      nodes: onnx.graph.node.length,
      opCounts,
      initializers: onnx.graph.initializer.length,
      params: onnx.graph.initializer.reduce((n, t) => n + t.dims.reduce((a, d) => a * d, 1), 0),
      inputName: onnx.graph.input[0]?.name ?? '',
      outputName: onnx.graph.output[0]?.name ?? '',
      pixelScale: metadata.preprocessing.scale,
      camOutput: onnx.graph.output[1]?.name ?? null,
      maxAbsDiff: diff,
      probeImages: diff === null ? 0 : PROBE_IMAGES,
    };
    logger.info(`exported ${options.modelDir} to ${options.outFile}`, { ...report });
    if (diff !== null && diff > 1e-4) logger.warn(`ONNX output differs from tfjs by ${diff} on the probe batch`);
    return report;
  } finally {
    model.dispose();
  }
}
