import type * as tf from '@tensorflow/tfjs';
import type { Preprocessing } from '../types';

/**
 * `in-graph` when the model's input feeds only a Rescaling layer with scale 1/255 and offset 0 (so it takes raw pixel
 * values), else `unit` (the caller must divide by 255). What a saved model card's `preprocessing.scale` records.
 */
export function pixelScaleOf(model: tf.LayersModel): Preprocessing['scale'] {
  const input = model.inputs[0];
  if (input === undefined || model.inputs.length !== 1) return 'unit';
  const consumers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer' && layer.inboundNodes.some((n) => n.inputTensors.some((t) => t.id === input.id)));
  const [first] = consumers;
  if (consumers.length !== 1 || first === undefined || first.getClassName() !== 'Rescaling') return 'unit';
  const config = first.getConfig() as { scale?: number; offset?: number };
  return Math.abs((config.scale ?? 0) * 255 - 1) < 1e-6 && (config.offset ?? 0) === 0 ? 'in-graph' : 'unit';
}
