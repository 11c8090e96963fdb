import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@medimg/core';
import { createAugmentation, prepareData, type DataReport } from '@medimg/dataset';
import { readCheckpoint, train, type TrainResult } from '@medimg/train';
import type { PipelineSettings } from './settings';

export interface TrainStageResult {
  modelDir: string;
  backend: string;
  train: Omit<TrainResult, 'history'>;
  history: TrainResult['history'];
  data: DataReport;
}

/** The settings a training run depends on; a run killed half-way resumes only if these are unchanged. */
export function trainInputs(s: PipelineSettings): Record<string, unknown> {
  return { dataDir: s.dataDir, architecture: s.architecture, epochs: s.epochs, batchSize: s.batchSize, lr: s.lr, imageSize: s.imageSize, channels: s.channels, seed: s.seed, engine: s.engine, ...(s.window !== 'auto' ? { window: s.window } : {}) };
}

async function sameInputs(file: string, inputs: Record<string, unknown>): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) === JSON.stringify(inputs);
  } catch {
    return false;
  }
}

/** Prepares the 90:10 stratified, patient-grouped split and trains the model (resuming a killed run of the same settings). */
export async function trainStage(s: PipelineSettings, stageDir: string, onProgress?: (line: string) => void): Promise<TrainStageResult> {
  const inputs = trainInputs(s);
  const inputsFile = join(stageDir, 'run-inputs.json');
  const resume = (await sameInputs(inputsFile, inputs)) && (await readCheckpoint(stageDir).then(() => true, () => false));
  if (!resume) {
    await rm(stageDir, { recursive: true, force: true });
    await writeFileAtomic(inputsFile, JSON.stringify(inputs));
  } else {
    s.logger.info('[train] resuming the interrupted run');
  }
  const data = await prepareData({
    dataDir: s.dataDir,
    imageSize: s.imageSize,
    channels: s.channels,
    window: s.window,
    valSplit: 0.1,
    seed: s.seed,
    logger: s.logger,
    ...(s.cacheDir !== undefined ? { cacheDir: s.cacheDir } : {}),
  });
  const result = await train({
    train: data.train,
    validation: data.validation,
    classNames: data.classNames,
    architecture: s.architecture,
    epochs: s.epochs,
    batchSize: s.batchSize,
    lr: s.lr,
    seed: s.seed,
    outDir: stageDir,
    resume,
    engine: s.engine,
    augment: createAugmentation({ seed: s.seed }),
    preprocessing: { imageSize: s.imageSize, channels: s.channels, resize: 'stretch', scale: 'in-graph', window: s.window },
    split: data.split,
    datasetDigest: data.datasetDigest,
    ...(s.config !== undefined ? { config: s.config } : {}),
    provenance: { dataDir: s.dataDir, synthetic: s.synthetic },
    logger: s.logger,
    callbacks: {
      onProgress: (p) =>
        onProgress?.(`[train] epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSecond.toFixed(1)} img/s ETA ${Math.round(p.etaSeconds)} s`),
      onEpochEnd: (r) =>
        s.logger.info(`[train] epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${r.val ? `, val loss ${r.val.loss.toFixed(4)}, val acc ${r.val.accuracy.toFixed(4)}${r.val.auc !== undefined ? `, val AUC ${r.val.auc.toFixed(4)}` : ''}` : ''}, ${r.imagesPerSecond.toFixed(1)} img/s (${r.engine === 'tfjs' ? r.backend : r.engine})`),
    },
  });
  const { history, ...rest } = result;
  return { modelDir: join(stageDir, 'best'), backend: result.backend, train: rest, history, data: data.report };
}
