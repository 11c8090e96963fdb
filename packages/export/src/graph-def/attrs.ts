import type { AttrValue } from './graph-def-types';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const dims = (shape: readonly number[]): { dim: { size: string }[] } => ({ dim: shape.map((d) => ({ size: String(d) })) });

/** Builders for GraphDef JSON attribute values, encoded as tfjs-converter reads them. */
export const tfAttr = {
  str: (s: string): AttrValue => ({ s: b64(s) }),
  int: (i: number): AttrValue => ({ i: String(i) }),
  float: (f: number): AttrValue => ({ f }),
  bool: (b: boolean): AttrValue => ({ b }),
  ints: (values: readonly number[]): AttrValue => ({ list: { i: values.map(String) } }),
  strs: (values: readonly string[]): AttrValue => ({ list: { s: values.map(b64) } }),
  emptyList: (): AttrValue => ({ list: {} }),
  dtype: (t: 'DT_FLOAT' | 'DT_INT32' = 'DT_FLOAT'): AttrValue => ({ type: t }),
  shape: (shape: readonly number[]): AttrValue => ({ shape: dims(shape) }),
  tensor: (t: 'DT_FLOAT' | 'DT_INT32', shape: readonly number[]): AttrValue => ({ tensor: { dtype: t, tensorShape: dims(shape) } }),
};
