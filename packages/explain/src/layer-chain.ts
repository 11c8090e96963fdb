import type * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@medimg/core';

/** A Keras layer of a LayersModel. */
export type Layer = tf.SymbolicTensor['sourceLayer'];

const NOT_A_CONV_BLOCK = new Set(['MaxPooling2D', 'AveragePooling2D', 'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout']);

/**
 * The layers of a single-input, single-output model whose layers each read one tensor, from the first layer after
 * the input to the output layer. Throws a ValidationError naming the layer that branches.
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
    if (inputs.length !== 1) throw new ValidationError(where, [`layer ${layer.name} (${layer.getClassName()}) reads ${inputs.length} tensors; only chains of single-input layers are supported`]);
    chain.unshift(layer);
    st = inputs[0] as tf.SymbolicTensor;
  }
  return chain;
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
