import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelIOError } from '../errors/model-io-error';
import { checkCardMatchesModel } from '../model-card/check-card-model';
import { parseModelCard } from '../model-card/parse-model-card';
import type { ModelCard } from '../model-card/types';
import { fileSystemIO, MODEL_JSON } from './file-system-io';

/** Saves a LayersModel with its model card (model.json `userDefinedMetadata.medimg`) to `dir`; the card must describe the model. */
export async function saveLayersModel(model: tf.LayersModel, dir: string, card: ModelCard): Promise<void> {
  const checked = parseModelCard(card, `saveLayersModel(${dir})`);
  checkCardMatchesModel('saveLayersModel', checked, model);
  model.setUserDefinedMetadata({ medimg: checked as unknown as object });
  await model.save(fileSystemIO(dir));
}

/** Loads a LayersModel saved by `saveLayersModel` (or any tfjs layers model directory). */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(fileSystemIO(dir));
  } catch (error) {
    if (error instanceof ModelIOError) throw error;
    throw new ModelIOError(`Error loading model from ${dir}: ${(error as Error).message}. Fix: is it a layers model? GraphModels load with loadGraphModel.`, dir, { cause: error });
  }
}

/** Loads a tfjs GraphModel directory (e.g. from `medimg freeze`). */
export async function loadGraphModelDir(dir: string): Promise<tf.GraphModel> {
  try {
    return await tf.loadGraphModel(fileSystemIO(dir));
  } catch (error) {
    if (error instanceof ModelIOError) throw error;
    throw new ModelIOError(`Error loading graph model from ${dir}: ${(error as Error).message}.`, dir, { cause: error });
  }
}

/** The model card in a parsed model.json (`userDefinedMetadata.medimg`), or null when it has none. */
export function modelCardOfModelJson(json: { userDefinedMetadata?: { medimg?: unknown } }, path: string): ModelCard | null {
  const raw = json.userDefinedMetadata?.medimg;
  return raw === undefined ? null : parseModelCard(raw, path);
}

/** Reads the model card of a tfjs model directory (LayersModel or GraphModel) without loading weights. */
export async function readModelCard(dir: string): Promise<ModelCard> {
  const path = join(dir, MODEL_JSON);
  let json: { userDefinedMetadata?: { medimg?: unknown } };
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as typeof json;
  } catch (error) {
    throw new ModelIOError(`Error reading ${path}: ${(error as Error).message}. Fix: pass a model directory written by medimg (train, freeze), or a training run directory.`, path, { cause: error });
  }
  const card = modelCardOfModelJson(json, path);
  if (card === null) {
    throw new ModelIOError(`Error reading ${path}: it has no medimg model card (class names, preprocessing, threshold). Fix: save it with saveLayersModel or train it with \`medimg train\`.`, path);
  }
  return card;
}

/** @deprecated Use `readModelCard`. */
export const readModelMetadata = readModelCard;

/** Whether `dir/model.json` is a tfjs graph model (`graph-model`) or layers model. */
export async function modelFormat(dir: string): Promise<'layers-model' | 'graph-model'> {
  const path = join(dir, MODEL_JSON);
  const json = JSON.parse(await readFile(path, 'utf8').catch((e: unknown) => {
    throw new ModelIOError(`Error reading ${path}: ${(e as Error).message}.`, path, { cause: e });
  })) as { format?: string };
  return json.format === 'graph-model' ? 'graph-model' : 'layers-model';
}
