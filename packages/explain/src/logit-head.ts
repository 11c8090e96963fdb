import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@medimg/core';
import type { Layer } from './layer-chain';

/** What the model's last layer turns logits into. */
export type OutputActivation = 'softmax' | 'sigmoid' | 'linear';

/** The layers after the explained one, run in inference mode, stopping at the class logits (before the output activation). */
export interface LogitHead {
  logits(features: tf.Tensor): tf.Tensor2D;
  /** The model's own output activation, applied to `logits`. */
  probabilities(logits: tf.Tensor2D): tf.Tensor2D;
  activation: OutputActivation;
}

/** Runs `layers` in inference mode (training=false: batch norm uses its moving statistics, dropout does nothing). */
export function applyLayers(layers: Layer[], x: tf.Tensor): tf.Tensor {
  let y = x;
  for (const layer of layers) y = layer.apply(y, { training: false }) as tf.Tensor;
  return y;
}

/**
 * Splits off the model's output activation so the head computes the class logits: the model must end in a Dense with
 * a softmax, sigmoid or linear activation, or in a linear Dense + Activation(softmax | sigmoid). Throws a
 * ValidationError naming the layers otherwise.
 */
export function logitHead(head: Layer[], where: string): LogitHead {
  let layers = head;
  let outputActivation: string | undefined;
  const final = head[head.length - 1];
  if (final?.getClassName() === 'Activation') {
    outputActivation = (final.getConfig() as { activation?: string }).activation;
    layers = head.slice(0, -1);
  }
  const last = layers[layers.length - 1];
  if (last === undefined) throw new ValidationError(where, ['the explained layer is the output layer; choose a conv layer before the classifier']);
  const config = last.getConfig() as { activation?: string; useBias?: boolean };
  const activation = outputActivation !== undefined && config.activation === 'linear' ? outputActivation : final === last ? config.activation : undefined;
  if (last.getClassName() !== 'Dense' || (activation !== 'softmax' && activation !== 'sigmoid' && activation !== 'linear')) {
    throw new ValidationError(where, [
      `the model ends in ${head.slice(-2).map((l) => `${l.name} (${l.getClassName()}, activation ${String((l.getConfig() as { activation?: string }).activation)})`).join(' -> ')}; expected a Dense with softmax, sigmoid or linear activation, optionally followed by an Activation layer (its logits are explained)`,
    ]);
  }
  const [kernel, bias] = last.getWeights();
  const between = layers.slice(0, -1);
  return {
    activation,
    logits(features: tf.Tensor): tf.Tensor2D {
      const x = applyLayers(between, features) as tf.Tensor2D;
      const z: tf.Tensor2D = tf.matMul(x, kernel as tf.Tensor2D);
      return config.useBias === false || bias === undefined ? z : tf.add(z, bias as tf.Tensor1D);
    },
    probabilities(logits: tf.Tensor2D): tf.Tensor2D {
      if (activation === 'softmax') return tf.softmax(logits);
      if (activation === 'sigmoid') return tf.sigmoid(logits);
      return logits;
    },
  };
}
