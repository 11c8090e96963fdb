import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@medimg/core';
import { applyLayers } from './logit-head';

/** A Keras layer of a LayersModel. */
export type Layer = tf.SymbolicTensor['sourceLayer'];

const NOT_A_CONV_BLOCK = new Set(['MaxPooling2D', 'AveragePooling2D', 'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout']);

/**
 * The single-input layers at the end of a single-input, single-output model, from the first layer after the input
 * (or from the last layer that reads several tensors, e.g. a residual Add, which is included) to the output layer.
 * Throws a ValidationError for a model with several inputs or outputs.
 */
export function layerChain(model: tf.LayersModel, where: string): Layer[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ValidationError(where, [`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; expected one of each`]);
  }
  const chain: Layer[] = [];
  let st = model.outputs[0] as tf.SymbolicTensor;
  for (;;) {
    const layer = st.sourceLayer;
    const inputs = (layer.inboundNodes[st.nodeIndex]?.inputTensors ?? []) as tf.SymbolicTensor[];
    if (layer.getClassName() === 'InputLayer' || inputs.length === 0) break;
    chain.unshift(layer);
    if (inputs.length !== 1) break;
    st = inputs[0] as tf.SymbolicTensor;
  }
  return chain;
}

/**
 * The output of `chain[at]` for input `x`, in inference mode: the chain's layers applied in turn when the chain starts
 * at the model input, else the model's own graph up to that layer (a branching trunk, e.g. residual blocks).
 */
export function applyThrough(model: tf.LayersModel, chain: Layer[], at: number, x: tf.Tensor): tf.Tensor {
  const first = chain[0];
  const reads = (first?.inboundNodes[0]?.inputTensors ?? []) as tf.SymbolicTensor[];
  const input = model.inputs[0] as tf.SymbolicTensor;
  if (reads.length === 1 && reads[0]?.id === input.id) return applyLayers(chain.slice(0, at + 1), x);
  const target = (chain[at] as Layer).output as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: target }).apply(x, { training: false }) as tf.Tensor;
}

const rankOf = (layer: Layer): number => (layer.outputShape as (number | null)[]).length;

/**
 * Index in `chain` of the layer to explain: `name` if given, else the last conv block's activations (the last layer
 * with a 4-D output that is not a pooling or dropout layer). Throws a ValidationError listing the candidates.
 */
export function camLayerIndex(chain: Layer[], name: string | undefined, where: string): number {
  const candidates = chain.filter((l) => rankOf(l) === 4).map((l) => l.name);
  if (name !== undefined) {
    const i = chain.findIndex((l) => l.name === name);
    if (i < 0 || rankOf(chain[i] as Layer) !== 4) {
      throw new ValidationError(where, [`layer ${JSON.stringify(name)} is not a layer with a 4-D (image) output of this model; choose one of ${candidates.join(', ')}`]);
    }
    return i;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const layer = chain[i] as Layer;
    if (rankOf(layer) === 4 && !NOT_A_CONV_BLOCK.has(layer.getClassName())) return i;
  }
  throw new ValidationError(where, ['the model has no layer with a 4-D (image) output to explain']);
}
