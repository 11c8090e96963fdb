import { loadLayersModel, modelFormat, readModelMetadata, ModelIOError, type ModelMetadata } from '@medimg/core';
import type { Predictor } from '@medimg/train';

/** Loads a medimg model directory (layers model) as a Predictor, with its metadata. */
export async function loadModelPredictor(dir: string): Promise<{ predictor: Predictor; metadata: ModelMetadata }> {
  const metadata = await readModelMetadata(dir);
  if ((await modelFormat(dir)) !== 'layers-model') {
    throw new ModelIOError(`Error loading ${dir}: it is a graph model; evaluate/predict take a trained layers model (OUT/best of medimg train).`, dir);
  }
  const { layersPredictor } = await import('@medimg/train');
  return { predictor: layersPredictor(await loadLayersModel(dir)), metadata };
}
