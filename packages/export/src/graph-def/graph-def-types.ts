/** The JSON form of a TensorFlow GraphDef that tfjs-converter's OperationMapper reads (model.json `modelTopology`). */
export interface AttrValue {
  /** base64 of the UTF-8 string. */
  s?: string;
  /** int64 as a decimal string. */
  i?: string;
  f?: number;
  b?: boolean;
  type?: 'DT_FLOAT' | 'DT_INT32';
  shape?: { dim: { size: string }[] };
  tensor?: { dtype: 'DT_FLOAT' | 'DT_INT32'; tensorShape: { dim: { size: string }[] } };
  list?: { i?: string[]; s?: string[]; f?: number[] };
}

export interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}

export interface GraphDef {
  node: NodeDef[];
  versions: { producer: number; minConsumer?: number };
  library: Record<string, never>;
}

/** A weight to store in the manifest; a Const node of the same name reads it. */
export interface GraphWeight {
  name: string;
  shape: number[];
  data: Float32Array | Int32Array;
}
