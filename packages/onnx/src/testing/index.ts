// @medimg/onnx/testing: small real ONNX models for the specs of medimg packages.
export { tinyDenseOnnx } from './tiny-dense-onnx';
export type { TinyDenseOnnxOptions } from './tiny-dense-onnx';
