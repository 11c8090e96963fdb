/** ONNX tensor element types (onnx.TensorProto.DataType). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** ONNX attribute types (onnx.AttributeProto.AttributeType). */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian element bytes. medimg always writes raw_data; reading also accepts the typed fields. */
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}

/** A dimension is a fixed size or a symbolic name (e.g. 'batch' for dynamic batch). */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  dims: OnnxDim[];
  /** The shape (even the rank) is unknown: written without a shape, so onnxruntime infers it (e.g. extra outputs for calibration). */
  unknownShape?: boolean;
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: OnnxGraph;
  /** Free-form key/value metadata (medimg stores preprocessing and class names here as JSON). */
  metadataProps: { key: string; value: string }[];
}

/** The header of an ONNX model (see `decodeModelInfo`): everything but nodes and initializers. */
export interface OnnxModelInfo {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  metadataProps: { key: string; value: string }[];
  graphName: string;
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
}
