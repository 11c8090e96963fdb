import * as tf from '@tensorflow/tfjs';
import { loadLayersModel, modelInputTensor, readModelCard, type ImageBatch, type ModelCard, type Predictor } from '@medimg/core';
import { checkBatch, checkShapeAgainstCard } from '../check-batch';
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
  const inputShape = card.inputShape;
  const scale = card.preprocessing.scale;
  return {
    card,
    numClasses,
    inputShape,
    engine: TFJS_LAYERS,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      checkBatch('tfjs-layers predictor', batch, inputShape);
      const out = tf.tidy(() => model.predict(modelInputTensor(batch, scale)) as tf.Tensor);
      try {
        return new Float32Array(await out.data());
      } finally {
        out.dispose();
      }
    },
    dispose(): void {
      if (options.owned !== false) model.dispose();
    },
  };
}

/** Runs LayersModel directories (from `medimg train`) on the active tfjs backend. */
export const tfjsLayersEngine: PredictorEngine = {
  kinds: ['layers-model'],
  async load({ path }) {
    const card = await readModelCard(path);
    return layersModelPredictor(await loadLayersModel(path), card, { where: path });
  },
};
