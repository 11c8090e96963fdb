import * as tf from '@tensorflow/tfjs';
import { checkCardMatchesModel, modelCardToMetadataProps, OptionChecker } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';
import { findCamTail } from './lower/cam-tail';
import { lowerModel } from './lower/lower-model';
import { optimizeGraph } from './lower/optimize';
import { emitOnnx } from './onnx/emit-onnx';
import type { ToOnnxOptions } from './types';

/** Opsets toOnnx writes (every op it emits has the same semantics across these). */
export const MIN_OPSET = 13;
export const MAX_OPSET = 21;
/** Name of the class activation map output (see ToOnnxOptions.camOutput). */
export const CAM_OUTPUT = 'cam';
const NAME = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

/**
 * Converts a LayersModel to ONNX (pure; nothing is written). Input `input` [batch, H, W, C] (NHWC float32 as the model
 * takes it: raw pixels 0..255 when it starts with a Rescaling layer, which becomes Mul/Add in the graph; dynamic batch), one Transpose to NCHW, Conv weights in OIHW with named initializers, batch norm folded,
 * Keras flatten order preserved by permuting the next Dense's rows, output `probabilities`. The model card goes to
 * metadata_props `medimg` (JSON) and `classNames` (JSON array). Unsupported layers throw UnsupportedLayerError.
 * When the model ends in conv -> [pool] -> global average pool -> dense, a second output `cam` holds the class
 * activation maps (metadata_props `medimg.cam` names the feature tensor); `camOutput: false` leaves it out.
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
  check.check(outputName !== CAM_OUTPUT && inputName !== CAM_OUTPUT, `inputName and outputName must differ from ${CAM_OUTPUT} (the class activation map output)`);
  if (options.camOutput !== undefined) check.check(typeof options.camOutput === 'boolean', `camOutput must be a boolean; got ${JSON.stringify(options.camOutput)}`);
  check.done();

  const { graph } = optimizeGraph(lowerModel(options.model));
  if (options.metadata !== undefined) checkCardMatchesModel('toOnnx', options.metadata, options.model);
  const metadataProps = options.metadata !== undefined ? modelCardToMetadataProps(options.metadata) : [];
  const tail = options.camOutput === false ? undefined : findCamTail(graph);
  const cam = tail === undefined || 'reason' in tail ? undefined : { name: CAM_OUTPUT, tail };
  if (cam !== undefined) metadataProps.push({ key: 'medimg.cam', value: JSON.stringify({ output: CAM_OUTPUT, feature: cam.tail.feature, featureShape: cam.tail.featureShape, activation: cam.tail.activation }) });
  return emitOnnx(graph, { opset, inputName, outputName, metadataProps, producerVersion: '0.1.0', cam });
}
