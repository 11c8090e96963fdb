export { encodeModel, decodeModel, decodeModelInfo } from './codec';
export { floatTensor, int8Tensor, uint8Tensor, int32Tensor, int64Tensor, tensorValues, floatValues, attr, node, valueInfo, attrString } from './builders';
export { DataType, AttributeType } from './types';
export type { DataTypeCode, OnnxTensor, OnnxAttribute, OnnxNode, OnnxDim, OnnxValueInfo, OnnxGraph, OnnxModel, OnnxModelInfo } from './types';
export { samePads, hwioToOihw, oihwToHwio } from './layout';
