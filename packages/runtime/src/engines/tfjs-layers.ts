import type * as tf from '@tensorflow/tfjs';
import { loadLayersModel, predictLayersModel, readModelCard, type ModelCard, type Predictor } from '@medimg/core';
import { checkShapeAgainstCard } from '../check-batch';
import { makePredictor } from '../make-predictor';
import type { PredictorEngine } from '../types';

export const TFJS_LAYERS = 'tfjs-layers';

/**
 * A tfjs LayersModel (softmax output) in memory as a Predictor, fed as its card's preprocessing says. `dispose`
 * disposes the model unless `owned` is false.
 */
export function layersModelPredictor(model: tf.LayersModel, card: ModelCard, options: { owned?: boolean; where?: string } = {}): Predictor {
  const where = options.where ?? model.name;
  const outShape = model.outputs[0]?.shape;
  const numClasses = outShape?.[outShape.length - 1];
  if (typeof numClasses !== 'number') throw new RangeError(`Error in ${where}: the model output has no static class dimension.`);
  const inShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  checkShapeAgainstCard('tfjs-layers predictor', where, inShape, card);
  const scale = card.preprocessing.scale;
  return makePredictor({
    card,
    numClasses,
    engine: TFJS_LAYERS,
    run: (batch) => predictLayersModel(model, batch, scale),
    dispose: () => {
      if (options.owned !== false) model.dispose();
    },
  });
}

/** Runs LayersModel directories (from `medimg train`) on the active tfjs backend. */
export const tfjsLayersEngine: PredictorEngine = {
  kinds: ['layers-model'],
  async load({ path }) {
    const card = await readModelCard(path);
    return layersModelPredictor(await loadLayersModel(path), card, { where: path });
  },
};
