import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelIOError } from '../errors/model-io-error';
import type { ModelMetadata } from '../types';
import { fileSystemIO, MODEL_JSON } from './file-system-io';

/** Saves a LayersModel with its medimg metadata (class names, preprocessing, threshold) to `dir`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<void> {
  model.setUserDefinedMetadata({ medimg: metadata as unknown as object });
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

/** Reads the medimg metadata of a model directory without loading weights. */
export async function readModelMetadata(dir: string): Promise<ModelMetadata> {
  const path = join(dir, MODEL_JSON);
  let json: { userDefinedMetadata?: { medimg?: ModelMetadata }; format?: string };
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as typeof json;
  } catch (error) {
    throw new ModelIOError(`Error reading ${path}: ${(error as Error).message}. Fix: pass a model directory written by medimg.`, path, { cause: error });
  }
  const meta = json.userDefinedMetadata?.medimg;
  if (meta === undefined || meta.format !== 'medimg-model@1') {
    throw new ModelIOError(`Error reading ${path}: it has no medimg metadata (class names, preprocessing). Fix: save it with saveLayersModel or train it with \`medimg train\`.`, path);
  }
  return meta;
}

/** Whether `dir/model.json` is a tfjs graph model (`graph-model`) or layers model. */
export async function modelFormat(dir: string): Promise<'layers-model' | 'graph-model'> {
  const path = join(dir, MODEL_JSON);
  const json = JSON.parse(await readFile(path, 'utf8').catch((e: unknown) => {
    throw new ModelIOError(`Error reading ${path}: ${(e as Error).message}.`, path, { cause: e });
  })) as { format?: string };
  return json.format === 'graph-model' ? 'graph-model' : 'layers-model';
}
