import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-schema';
import type { OnnxAttribute, OnnxDim, OnnxModel, OnnxModelInfo, OnnxNode, OnnxTensor, OnnxValueInfo } from './types';

let cachedRoot: protobuf.Root | undefined;
function schemaType(name: string): protobuf.Type {
  cachedRoot ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return cachedRoot.lookupType(name);
}
const modelType = (): protobuf.Type => schemaType('onnx.ModelProto');

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map((x) => Number(x)) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function valueInfoToProto(v: OnnxValueInfo): Obj {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.elemType,
        ...(v.unknownShape === true ? {} : { shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } }),
      },
    },
  };
}

function tensorToProto(t: OnnxTensor): Obj {
  const o: Obj = { name: t.name, dims: t.dims, data_type: t.dataType };
  if (t.rawData !== undefined) o['raw_data'] = t.rawData;
  if (t.floatData !== undefined) o['float_data'] = t.floatData;
  if (t.int32Data !== undefined) o['int32_data'] = t.int32Data;
  if (t.int64Data !== undefined) o['int64_data'] = t.int64Data;
  return o;
}

function attributeToProto(a: OnnxAttribute): Obj {
  const o: Obj = { name: a.name, type: a.type };
  if (a.f !== undefined) o['f'] = a.f;
  if (a.i !== undefined) o['i'] = a.i;
  if (a.s !== undefined) o['s'] = a.s;
  if (a.t !== undefined) o['t'] = tensorToProto(a.t);
  if (a.floats !== undefined) o['floats'] = a.floats;
  if (a.ints !== undefined) o['ints'] = a.ints;
  return o;
}

function nodeToProto(n: OnnxNode): Obj {
  return { name: n.name, op_type: n.opType, domain: n.domain ?? '', input: n.input, output: n.output, attribute: n.attribute.map(attributeToProto) };
}

/** Serialises a model to ONNX protobuf bytes. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const type = modelType();
  const g = model.graph;
  const payload: Obj = {
    ir_version: model.irVersion,
    opset_import: model.opsetImport,
    producer_name: model.producerName,
    producer_version: model.producerVersion,
    doc_string: model.docString ?? '',
    metadata_props: model.metadataProps,
    graph: {
      name: g.name,
      node: g.node.map(nodeToProto),
      initializer: g.initializer.map(tensorToProto),
      input: g.input.map(valueInfoToProto),
      output: g.output.map(valueInfoToProto),
      value_info: (g.valueInfo ?? []).map(valueInfoToProto),
    },
  };
  const problem = type.verify(payload);
  if (problem) throw new Error(`Error in encodeModel: invalid ONNX model (${problem})`);
  return type.encode(type.fromObject(payload)).finish();
}

function tensorFromProto(o: Obj): OnnxTensor {
  const t: OnnxTensor = { name: str(o['name']), dims: nums(o['dims']), dataType: Number(o['data_type'] ?? 0) };
  const raw = o['raw_data'];
  if (raw instanceof Uint8Array && raw.byteLength > 0) t.rawData = raw;
  if (Array.isArray(o['float_data']) && o['float_data'].length > 0) t.floatData = nums(o['float_data']);
  if (Array.isArray(o['int32_data']) && o['int32_data'].length > 0) t.int32Data = nums(o['int32_data']);
  if (Array.isArray(o['int64_data']) && o['int64_data'].length > 0) t.int64Data = nums(o['int64_data']);
  return t;
}

function valueInfoFromProto(o: Obj): OnnxValueInfo {
  const tt = ((o['type'] as Obj | undefined)?.['tensor_type'] ?? {}) as Obj;
  const dims = arr((tt['shape'] as Obj | undefined)?.['dim']).map((d): OnnxDim =>
    d['dim_param'] !== undefined && d['dim_param'] !== '' ? str(d['dim_param']) : Number(d['dim_value'] ?? 0),
  );
  const info: OnnxValueInfo = { name: str(o['name']), elemType: Number(tt['elem_type'] ?? 0), dims };
  if (tt['shape'] === undefined || tt['shape'] === null) info.unknownShape = true;
  return info;
}

function attributeFromProto(o: Obj): OnnxAttribute {
  const a: OnnxAttribute = { name: str(o['name']), type: Number(o['type'] ?? 0) };
  if (o['f'] !== undefined) a.f = Number(o['f']);
  if (o['i'] !== undefined) a.i = Number(o['i']);
  if (o['s'] instanceof Uint8Array) a.s = o['s'];
  if (o['t'] !== undefined) a.t = tensorFromProto(o['t'] as Obj);
  if (Array.isArray(o['floats'])) a.floats = nums(o['floats']);
  if (Array.isArray(o['ints'])) a.ints = nums(o['ints']);
  return a;
}

/** The model-level fields decodeModel and decodeModelInfo share. */
function headerFromProto(o: Obj): Pick<OnnxModel, 'irVersion' | 'opsetImport' | 'producerName' | 'producerVersion' | 'metadataProps'> {
  return {
    irVersion: Number(o['ir_version'] ?? 0),
    opsetImport: arr(o['opset_import']).map((x) => ({ domain: str(x['domain']), version: Number(x['version'] ?? 0) })),
    producerName: str(o['producer_name']),
    producerVersion: str(o['producer_version']),
    metadataProps: arr(o['metadata_props']).map((x) => ({ key: str(x['key']), value: str(x['value']) })),
  };
}

/** Parses ONNX protobuf bytes (as written by medimg or other exporters, for the fields medimg knows). */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const type = modelType();
  const o = type.toObject(type.decode(bytes), { longs: Number, bytes: Uint8Array, defaults: false, arrays: true }) as Obj;
  const g = (o['graph'] ?? {}) as Obj;
  return {
    ...headerFromProto(o),
    docString: str(o['doc_string']),
    graph: {
      name: str(g['name']),
      node: arr(g['node']).map((n) => ({
        name: str(n['name']),
        opType: str(n['op_type']),
        domain: str(n['domain']),
        input: Array.isArray(n['input']) ? (n['input'] as string[]) : [],
        output: Array.isArray(n['output']) ? (n['output'] as string[]) : [],
        attribute: arr(n['attribute']).map(attributeFromProto),
      })),
      initializer: arr(g['initializer']).map(tensorFromProto),
      input: arr(g['input']).map(valueInfoFromProto),
      output: arr(g['output']).map(valueInfoFromProto),
      valueInfo: arr(g['value_info']).map(valueInfoFromProto),
    },
  };
}

/**
 * Reads only the header of ONNX bytes: versions, metadata_props and the graph's inputs/outputs.
 * Nodes and initializers are skipped on the wire, so this is cheap even for a model of hundreds of MB.
 */
export function decodeModelInfo(bytes: Uint8Array): OnnxModelInfo {
  const type = schemaType('onnx.ModelInfoProto');
  const o = type.toObject(type.decode(bytes), { longs: Number, bytes: Uint8Array, defaults: false, arrays: true }) as Obj;
  const g = (o['graph'] ?? {}) as Obj;
  return {
    ...headerFromProto(o),
    graphName: str(g['name']),
    input: arr(g['input']).map(valueInfoFromProto),
    output: arr(g['output']).map(valueInfoFromProto),
  };
}
