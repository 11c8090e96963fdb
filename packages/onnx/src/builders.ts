import { AttributeType, DataType, type OnnxAttribute, type OnnxDim, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './types';

const bytesOf = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));

/** Float32 initializer (raw little-endian data). */
export function floatTensor(name: string, dims: number[], data: Float32Array): OnnxTensor {
  return { name, dims, dataType: DataType.FLOAT, rawData: bytesOf(data) };
}
export function int8Tensor(name: string, dims: number[], data: Int8Array): OnnxTensor {
  return { name, dims, dataType: DataType.INT8, rawData: bytesOf(data) };
}
export function uint8Tensor(name: string, dims: number[], data: Uint8Array): OnnxTensor {
  return { name, dims, dataType: DataType.UINT8, rawData: bytesOf(data) };
}
export function int32Tensor(name: string, dims: number[], data: Int32Array): OnnxTensor {
  return { name, dims, dataType: DataType.INT32, rawData: bytesOf(data) };
}
export function int64Tensor(name: string, dims: number[], data: readonly number[]): OnnxTensor {
  return { name, dims, dataType: DataType.INT64, rawData: bytesOf(BigInt64Array.from(data.map((x) => BigInt(x)))) };
}

/** Reads any numeric initializer as float64 numbers (for analysis) — handles raw_data and typed fields. */
export function tensorValues(t: OnnxTensor): Float64Array {
  const n = t.dims.reduce((a, b) => a * b, 1);
  if (t.rawData !== undefined) {
    const buf = t.rawData.buffer.slice(t.rawData.byteOffset, t.rawData.byteOffset + t.rawData.byteLength);
    switch (t.dataType) {
      case DataType.FLOAT: return Float64Array.from(new Float32Array(buf));
      case DataType.INT8: return Float64Array.from(new Int8Array(buf));
      case DataType.UINT8: return Float64Array.from(new Uint8Array(buf));
      case DataType.INT32: return Float64Array.from(new Int32Array(buf));
      case DataType.INT64: return Float64Array.from(new BigInt64Array(buf), (x) => Number(x));
      default: throw new Error(`Error in tensorValues: tensor ${t.name} has unsupported data type ${t.dataType}`);
    }
  }
  const src = t.floatData ?? t.int32Data ?? t.int64Data ?? [];
  if (src.length !== n && n !== 0) throw new Error(`Error in tensorValues: tensor ${t.name} has ${src.length} values, dims say ${n}`);
  return Float64Array.from(src);
}

/** Float32 view of a FLOAT initializer. */
export function floatValues(t: OnnxTensor): Float32Array {
  if (t.dataType !== DataType.FLOAT) throw new Error(`Error in floatValues: tensor ${t.name} is not FLOAT (type ${t.dataType})`);
  return Float32Array.from(tensorValues(t));
}

export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: AttributeType.INTS, ints }),
  floats: (name: string, floats: number[]): OnnxAttribute => ({ name, type: AttributeType.FLOATS, floats }),
  string: (name: string, s: string): OnnxAttribute => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: OnnxTensor): OnnxAttribute => ({ name, type: AttributeType.TENSOR, t }),
};

export function node(opType: string, input: string[], output: string[], attribute: OnnxAttribute[] = [], name?: string): OnnxNode {
  return { name: name ?? `${opType}_${output[0] ?? ''}`, opType, input, output, attribute };
}

export function valueInfo(name: string, dims: OnnxDim[], elemType: number = DataType.FLOAT): OnnxValueInfo {
  return { name, dims, elemType };
}

/** Reads a string attribute. */
export function attrString(a: OnnxAttribute | undefined): string | undefined {
  return a?.s === undefined ? undefined : new TextDecoder().decode(a.s);
}
