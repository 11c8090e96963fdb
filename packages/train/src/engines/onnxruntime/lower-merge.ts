import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@medimg/autodiff';
import { UnsupportedForEngineError } from './unsupported-error';

/**
 * Training lowering of a Keras merge layer (several inputs, NCHW values): `Add` of n same-shape tensors becomes
 * n - 1 ONNX Adds, differentiated by autodiff's Add rule (the gradient flows unchanged to both operands, so a
 * residual block's shortcut receives the sum of both paths' gradients). Other merge layers are not supported.
 */
export function lowerMerge(b: GraphBuilder, layer: tf.layers.Layer, inputs: string[]): string {
  const cls = layer.getClassName();
  if (cls !== 'Add') throw new UnsupportedForEngineError(layer.name, cls, `it has ${inputs.length} inputs (only chains of single-input layers and Add are supported)`);
  const shape = b.shape(inputs[0] as string).join('x');
  for (const x of inputs) {
    if (b.shape(x).join('x') !== shape) throw new UnsupportedForEngineError(layer.name, cls, `adds shapes [${b.shape(inputs[0] as string).join(', ')}] and [${b.shape(x).join(', ')}] (only same-shape Add is supported)`);
  }
  return inputs.slice(1).reduce((acc, x) => b.op1('Add', [acc, x]), inputs[0] as string);
}
