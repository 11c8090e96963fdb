import * as tf from '@tensorflow/tfjs';
import { checkCardMatchesModel, fileSystemIO, loadGraphModelDir, loadLayersModel, OptionChecker, pixelScaleOf, readModelCard, silentLogger, unitToModelInput } from '@medimg/core';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWeights } from './graph-def/encode-weights';
import { emitGraphDef } from './graph-def/emit-graph-def';
import { lowerModel } from './lower/lower-model';
import { optimizeGraph } from './lower/optimize';
import { maxAbsDiff, probeBatch, PROBE_IMAGES } from './probe';
import type { Compression, FreezeModelDirOptions, FreezeOptions, FreezeReport } from './types';

const COMPRESSIONS: readonly Compression[] = ['none', 'float16', 'uint8'];

/** What a frozen model.json carries about its graph (besides the medimg metadata). */
export interface FrozenGraphInfo {
  inputName: string;
  outputName: string;
  inputShape: [number, number, number];
  outputShape: number[];
  compress: Compression;
}

/** Runs a tfjs model on a probe tensor and returns its output values (no tensors left behind). */
export async function runTfjs(model: tf.LayersModel | tf.GraphModel, probe: Float32Array, shape: readonly number[], outputName?: string): Promise<Float32Array> {
  const out = tf.tidy(() => {
    const x = tf.tensor(probe, [probe.length / shape.reduce((a, b) => a * b, 1), ...shape]);
    return model instanceof tf.GraphModel ? (model.execute(x, outputName) as tf.Tensor) : (model.predict(x) as tf.Tensor);
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/**
 * Freezes a LayersModel into a tfjs GraphModel directory: inference-only (dropout dropped, batch norm folded into the
 * preceding conv/dense, activations fused into `_FusedConv2D` / `_FusedMatMul`), optional float16/uint8 weight
 * compression. Reloads the written model and reports its max output difference from the LayersModel on a probe batch.
 */
export async function freeze(options: FreezeOptions): Promise<FreezeReport> {
  const check = new OptionChecker('freeze');
  check.check(options.model instanceof tf.LayersModel, 'model must be a tf.LayersModel');
  check.string('outDir', options.outDir);
  const compress = options.compress ?? 'none';
  check.oneOf('compress', compress, COMPRESSIONS);
  check.done();
  const logger = options.logger ?? silentLogger;
  if (options.metadata !== undefined) checkCardMatchesModel('freeze', options.metadata, options.model);

  const lowered = lowerModel(options.model);
  const { graph, foldedBatchNorms, fusedActivations } = optimizeGraph(lowered);
  const emitted = emitGraphDef(graph);
  const { specs, data } = encodeWeights(emitted.weights, compress);
  const frozen: FrozenGraphInfo = { inputName: emitted.inputName, outputName: emitted.outputName, inputShape: graph.inputShape, outputShape: graph.outputShape, compress };
  const userDefinedMetadata: Record<string, object> = { medimgGraph: frozen };
  if (options.metadata !== undefined) userDefinedMetadata['medimg'] = options.metadata as unknown as object;
  const io = fileSystemIO(options.outDir);
  if (io.save === undefined) throw new Error('Error in freeze: fileSystemIO has no save()');
  await io.save({
    modelTopology: emitted.graph as unknown as object,
    weightSpecs: specs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    format: 'graph-model',
    generatedBy: `@medimg/export (from ${options.model.name})`,
    convertedBy: '@medimg/export freeze',
    userDefinedMetadata,
  });

  const opCounts: Record<string, number> = {};
  for (const n of emitted.graph.node) opCounts[n.op] = (opCounts[n.op] ?? 0) + 1;
  const probe = unitToModelInput(probeBatch(PROBE_IMAGES, graph.inputShape), pixelScaleOf(options.model));
  const expected = await runTfjs(options.model, probe, graph.inputShape);
  const reloaded = await loadGraphModelDir(options.outDir);
  let actual: Float32Array;
  try {
    actual = await runTfjs(reloaded, probe, graph.inputShape, emitted.outputName);
  } finally {
    reloaded.dispose();
  }
  const report: FreezeReport = {
    outDir: options.outDir,
    compress,
    nodes: emitted.graph.node.length,
    opCounts,
    foldedBatchNorms,
    fusedActivations,
    droppedLayers: lowered.dropped,
    params: emitted.weights.reduce((n, w) => n + w.data.length, 0),
    weightBytes: data.byteLength,
    modelJsonBytes: (await stat(join(options.outDir, 'model.json'))).size,
    maxAbsDiff: maxAbsDiff(expected, actual),
    probeImages: PROBE_IMAGES,
  };
  logger.info(`froze ${options.model.name} to ${options.outDir}`, { ...report });
  if (compress === 'none' && report.maxAbsDiff > 1e-4) logger.warn(`frozen graph differs from the LayersModel by ${report.maxAbsDiff} on the probe batch`);
  return report;
}

/** Freezes the LayersModel saved in `modelDir` (with its model card) into `outDir`. */
export async function freezeModelDir(options: FreezeModelDirOptions): Promise<FreezeReport> {
  const check = new OptionChecker('freezeModelDir');
  check.string('modelDir', options.modelDir);
  check.string('outDir', options.outDir);
  check.done();
  const metadata = await readModelCard(options.modelDir);
  const model = await loadLayersModel(options.modelDir);
  try {
    return await freeze({ model, outDir: options.outDir, metadata, compress: options.compress ?? 'none', logger: options.logger ?? silentLogger });
  } finally {
    model.dispose();
  }
}
