import type * as tf from '@tensorflow/tfjs';
import { UnsupportedLayerError } from '../unsupported-layer-error';
import type { InferenceGraph, InferenceOp } from '../types';
import { LayerConfig } from './layer-config';
import { LOWERINGS } from './layer-lowerings';

const dimsOf = (st: tf.SymbolicTensor): number[] => st.shape.slice(1).map((d) => (typeof d === 'number' ? d : -1));

/**
 * Lowers a LayersModel (Sequential or functional, one NHWC image input, one output, single-input layers and Add)
 * to an InferenceGraph: training-only layers dropped, weights copied out. Checks every layer first and
 * throws an UnsupportedLayerError for the first one it cannot convert, before anything is written.
 */
export function lowerModel(model: tf.LayersModel): InferenceGraph {
  const modelName = model.name;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new UnsupportedLayerError(modelName, model.getClassName(), `it has ${model.inputs.length} inputs and ${model.outputs.length} outputs (exactly one of each is supported)`);
  }
  const inputSt = model.inputs[0] as tf.SymbolicTensor;
  const outputSt = model.outputs[0] as tf.SymbolicTensor;
  const inShape = dimsOf(inputSt);

  const ops: InferenceOp[] = [];
  const dropped: string[] = [];
  /** Value name of each symbolic tensor, after identities are skipped. */
  const valueOf = new Map<number, string>();
  valueOf.set(inputSt.id, 'input');

  const visit = (st: tf.SymbolicTensor): string => {
    const known = valueOf.get(st.id);
    if (known !== undefined) return known;
    const layer = st.sourceLayer;
    const className = layer.getClassName();
    const node = layer.inboundNodes[st.nodeIndex];
    const inputs = (node?.inputTensors ?? []) as tf.SymbolicTensor[];
    if (className === 'InputLayer' || inputs.length === 0) {
      throw new UnsupportedLayerError(layer.name, className, 'it is a second graph input');
    }
    if (className === 'Add') return lowerAdd(layer, inputs, st);
    if (inputs.length !== 1) throw new UnsupportedLayerError(layer.name, className, `it has ${inputs.length} inputs (only single-input layers and Add are supported)`);
    const lowering = LOWERINGS.get(className);
    if (lowering === undefined) throw new UnsupportedLayerError(layer.name, className, 'no converter for this layer class');
    const src = inputs[0] as tf.SymbolicTensor;
    const input = visit(src);
    const result = lowering({ layer, cfg: new LayerConfig(layer), input, output: layer.name, inShape: dimsOf(src), outShape: dimsOf(st) });
    if (result === 'identity') {
      dropped.push(layer.name);
      valueOf.set(st.id, input);
      return input;
    }
    ops.push(result);
    valueOf.set(st.id, result.output);
    return result.output;
  };

  /** Keras Add of n same-shape tensors: n - 1 AddOps (the last one writes the layer's name). */
  const lowerAdd = (layer: tf.layers.Layer, inputs: tf.SymbolicTensor[], st: tf.SymbolicTensor): string => {
    const outShape = dimsOf(st);
    if (inputs.length < 2) throw new UnsupportedLayerError(layer.name, 'Add', `it has ${inputs.length} inputs (expected 2 or more)`);
    for (const t of inputs) {
      if (dimsOf(t).join('x') !== outShape.join('x')) throw new UnsupportedLayerError(layer.name, 'Add', `input shape [${dimsOf(t).join(', ')}] differs from the output [${outShape.join(', ')}] (broadcasting Add is not supported)`);
    }
    const values = inputs.map((t) => visit(t));
    let acc = values[0] as string;
    values.slice(1).forEach((other, k) => {
      const output = k === values.length - 2 ? layer.name : `${layer.name}/add${k}`;
      ops.push({ op: 'add', name: layer.name, input: acc, other, output, outShape, fused: [] });
      acc = output;
    });
    valueOf.set(st.id, acc);
    return acc;
  };

  const output = visit(outputSt);
  if (inShape.length !== 3 || inShape.some((d) => d <= 0)) {
    throw new UnsupportedLayerError(inputSt.sourceLayer.name, 'InputLayer', `input shape [${inShape.join(', ')}] is not a fixed [height, width, channels]`);
  }
  const outputShape = dimsOf(outputSt);
  return { name: modelName, input: 'input', inputShape: inShape as [number, number, number], ops, output, outputShape, dropped };
}
