import { readFile } from 'node:fs/promises';
import { loadLayersModel, ModelIOError, OptionChecker, silentLogger, withModelCard, writeFileAtomic, type ModelCard } from '@medimg/core';
import { decodeModel, encodeModel, type OnnxModel } from '@medimg/onnx';
import { createOrtSession, loadOrt, readCard } from '@medimg/runtime';
import { maxAbsDiff, probeBatch, PROBE_IMAGES } from '../probe';
import { toOnnx } from '../to-onnx';
import type { EnsembleOnnxOptions, EnsembleReport, ExportEnsembleOptions } from '../types';
import { ensembleCard } from './ensemble-card';
import { ENSEMBLE_INPUT, ENSEMBLE_OUTPUT, mergeOnnxMembers } from './merge-onnx';

/**
 * The mean-probability ensemble of `members` as one ONNX model with its card (see ensembleCard): pure. Members
 * are ONNX models written by medimg (toOnnx, quantize), each with its card.
 */
export function ensembleOnnx(options: EnsembleOnnxOptions): OnnxModel {
  const card = ensembleCard(options.members, options.threshold);
  const merged = mergeOnnxMembers(options.members.map((m) => m.onnx));
  return { ...merged, metadataProps: withModelCard([], card) };
}

/** A member as ONNX: LayersModels are converted (no `cam` output), .onnx files read; GraphModels are refused. */
async function memberOnnx(source: string, opset: number, logger: ExportEnsembleOptions['logger']): Promise<{ onnx: OnnxModel; card: ModelCard; path: string; kind: string }> {
  const { card, model } = await readCard(source, logger);
  if (model.kind === 'onnx') return { onnx: decodeModel(new Uint8Array(await readFile(model.path))), card, path: model.path, kind: model.kind };
  if (model.kind === 'graph-model') {
    throw new ModelIOError(`Error in exportEnsemble: ${model.path} is a frozen GraphModel. Fix: pass the LayersModel it was frozen from (RUN/best) or its .onnx export.`, model.path);
  }
  const layers = await loadLayersModel(model.path);
  try {
    return { onnx: toOnnx({ model: layers, metadata: card, opset, camOutput: false }), card, path: model.path, kind: model.kind };
  } finally {
    layers.dispose();
  }
}

/**
 * Exports the ensemble of `models` (training runs, LayersModel directories, zoo models or .onnx files; 2 or more)
 * to one .onnx file, written atomically: output `probabilities` = the mean of the members' probabilities, card with
 * `ensemble.members`. By default runs the written file and every member in onnxruntime-node on a seeded probe batch
 * and reports max |ensemble - mean of members|.
 */
export async function exportEnsemble(options: ExportEnsembleOptions): Promise<EnsembleReport> {
  const check = new OptionChecker('exportEnsemble');
  const models = options.models;
  check.check(Array.isArray(models) && models.length >= 2 && models.every((m) => typeof m === 'string' && m !== ''), `models must list 2 or more model paths; got ${JSON.stringify(models)}`);
  check.string('outFile', options.outFile);
  check.check(typeof options.outFile !== 'string' || options.outFile.endsWith('.onnx'), `outFile must end with .onnx; got ${JSON.stringify(options.outFile)}`);
  const opset = options.opset ?? 13;
  check.int('opset', opset, 13, 21);
  if (options.threshold !== undefined) check.number('threshold', options.threshold, 0, 1);
  if (options.threads !== undefined) check.int('threads', options.threads, 1, 1024);
  check.done();
  const logger = options.logger ?? silentLogger;
  const members = [];
  for (const source of models) members.push({ ...(await memberOnnx(source, opset, logger)), source });
  const onnx = ensembleOnnx({ members, ...(options.threshold !== undefined ? { threshold: options.threshold } : {}) });
  const bytes = encodeModel(onnx);
  await writeFileAtomic(options.outFile, bytes);
  let diff: number | null = null;
  if (options.verify ?? true) {
    const shape = onnx.graph.input[0]?.dims.slice(1) as [number, number, number];
    const probe = probeBatch(PROBE_IMAGES, shape);
    const run = async (model: OnnxModel | Uint8Array, label: string): Promise<Float32Array> => {
      const session = await createOrtSession(model instanceof Uint8Array ? model : encodeModel(model), { label, ...(options.threads !== undefined ? { threads: options.threads } : {}) });
      try {
        const ort = await loadOrt();
        const input = session.inputNames[0] as string;
        const out = await session.run({ [input]: new ort.Tensor('float32', probe, [PROBE_IMAGES, ...shape]) });
        return out[session.outputNames[0] as string]?.data as Float32Array;
      } finally {
        await session.release();
      }
    };
    const got = await run(bytes, options.outFile);
    const mean = new Float32Array(got.length);
    for (const m of members) (await run(m.onnx, m.source)).forEach((p, i) => (mean[i] = (mean[i] as number) + p / members.length));
    diff = maxAbsDiff(got, mean);
    if (diff > 1e-5) logger.warn(`ensemble output differs from the mean of its members by ${diff} on the probe batch`);
  }
  const card = ensembleCard(members, options.threshold);
  const report: EnsembleReport = {
    outFile: options.outFile,
    bytes: bytes.byteLength,
    members: members.map((m) => ({ source: m.source, path: m.path, kind: m.kind, architecture: m.card.architecture })),
    architecture: card.architecture,
    threshold: card.threshold,
    thresholdPolicy: card.thresholdPolicy.name,
    inputName: ENSEMBLE_INPUT,
    outputName: ENSEMBLE_OUTPUT,
    nodes: onnx.graph.node.length,
    params: onnx.graph.initializer.reduce((n, t) => n + t.dims.reduce((a, d) => a * d, 1), 0),
    maxAbsDiff: diff,
    probeImages: diff === null ? 0 : PROBE_IMAGES,
  };
  logger.info(`exported the ensemble of ${members.length} models to ${options.outFile}`, { ...report, members: members.length });
  return report;
}
