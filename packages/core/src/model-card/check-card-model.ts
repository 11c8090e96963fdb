import type * as tf from '@tensorflow/tfjs';
import { ValidationError } from '../errors/validation-error';
import { pixelScaleOf } from '../preprocessing/pixel-scale';
import type { ModelCard } from './types';

/** Checks that a model card describes `model`: its input shape and where pixels are scaled. Names both values. */
export function checkCardMatchesModel(where: string, card: ModelCard, model: tf.LayersModel): void {
  const problems: string[] = [];
  const shape = (model.inputs[0]?.shape ?? []).slice(1);
  if (shape.join('x') !== card.inputShape.join('x')) problems.push(`the model card says input [${card.inputShape.join(', ')}] but the model takes [${shape.join(', ')}]`);
  const scale = pixelScaleOf(model);
  if (scale !== card.preprocessing.scale) {
    problems.push(`the model card says preprocessing.scale '${card.preprocessing.scale}' but the model ${scale === 'in-graph' ? 'rescales pixels in its graph' : 'has no in-graph rescaling'} ('${scale}')`);
  }
  if (problems.length > 0) throw new ValidationError(where, problems.map((p) => `${p}. Fix: save the model with a card made for it`));
}
