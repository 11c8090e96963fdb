import * as tf from '@tensorflow/tfjs';
import { checkCardMatchesModel, modelCardToMetadataProps, OptionChecker } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';
import { lowerModel } from './lower/lower-model';
import { optimizeGraph } from './lower/optimize';
import { emitOnnx } from './onnx/emit-onnx';
import type { ToOnnxOptions } from './types';

/** Opsets toOnnx writes (every op it emits has the same semantics across these). */
export const MIN_OPSET = 13;
export const MAX_OPSET = 21;
const NAME = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

/**
 * Converts a LayersModel to ONNX (pure; nothing is written). Input `input` [batch, H, W, C] (NHWC float32 as the model
 * takes it: raw pixels 0..255 when it starts with a Rescaling layer, which becomes Mul/Add in the graph; dynamic batch), one Transpose to NCHW, Conv weights in OIHW with named initializers, batch norm folded,
 * Keras flatten order preserved by permuting the next Dense's rows, output `probabilities`. The model card goes to
 * metadata_props `medimg` (JSON) and `classNames` (JSON array). Unsupported layers throw UnsupportedLayerError.
 */
export function toOnnx(options: ToOnnxOptions): OnnxModel {
  const check = new OptionChecker('toOnnx');
  check.check(options.model instanceof tf.LayersModel, 'model must be a tf.LayersModel');
  const opset = options.opset ?? MIN_OPSET;
  check.int('opset', opset, MIN_OPSET, MAX_OPSET);
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'probabilities';
  check.check(NAME.test(inputName), `inputName must match ${NAME}; got ${JSON.stringify(inputName)}`);
  check.check(NAME.test(outputName) && outputName !== inputName, `outputName must match ${NAME} and differ from inputName; got ${JSON.stringify(outputName)}`);
  check.done();

  const { graph } = optimizeGraph(lowerModel(options.model));
  if (options.metadata !== undefined) checkCardMatchesModel('toOnnx', options.metadata, options.model);
  const metadataProps = options.metadata !== undefined ? modelCardToMetadataProps(options.metadata) : [];
  return emitOnnx(graph, { opset, inputName, outputName, metadataProps, producerVersion: '0.1.0' });
}
