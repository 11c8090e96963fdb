import * as ort from 'onnxruntime-node';
import { encodeModel } from '@medimg/onnx';
import type { GraphBuilder } from '../graph-builder';

/** Runs the builder's graph once in onnxruntime-node (1 thread) and returns every output as float32. */
export async function runGraph(b: GraphBuilder, feeds: Record<string, Float32Array>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(encodeModel(b.model('test')), { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const info of b.inputs) inputs[info.name] = new ort.Tensor('float32', feeds[info.name] as Float32Array, info.dims as number[]);
    const out = await session.run(inputs);
    const result: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(out)) result[k] = v.data as Float32Array;
    return result;
  } finally {
    await session.release();
  }
}

/** max |a - b| / max(max |b|, 1e-6): the relative error the gradient tests bound. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relError: lengths ${a.length} and ${b.length}`);
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

/** NHWC -> NCHW copy. */
export function toNchw(data: ArrayLike<number>, [n, h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < (n as number); i++) for (let y = 0; y < (h as number); y++) for (let x = 0; x < (w as number); x++) for (let k = 0; k < (c as number); k++) {
    out[((i * (c as number) + k) * (h as number) + y) * (w as number) + x] = data[((i * (h as number) + y) * (w as number) + x) * (c as number) + k] as number;
  }
  return out;
}

/** HWIO (tfjs conv kernel) -> OIHW (ONNX Conv weight). */
export function toOihw(data: ArrayLike<number>, [kh, kw, ci, co]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < (kh as number); y++) for (let x = 0; x < (kw as number); x++) for (let i = 0; i < (ci as number); i++) for (let o = 0; o < (co as number); o++) {
    out[((o * (ci as number) + i) * (kh as number) + y) * (kw as number) + x] = data[((y * (kw as number) + x) * (ci as number) + i) * (co as number) + o] as number;
  }
  return out;
}

/** Deterministic uniform values in [lo, hi) (a small LCG; tests only). */
export function randomValues(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}
