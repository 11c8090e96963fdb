import { attr } from '@medimg/onnx';
import type { GraphBuilder } from './graph-builder';
import { broadcastAxes } from './shape';

/** Sums a broadcast gradient back to `target`'s shape (ReduceSum over the broadcast axes, then Reshape). */
export function sumToShape(b: GraphBuilder, grad: string, target: readonly number[]): string {
  const full = b.shape(grad);
  if (full.join('x') === target.join('x')) return grad;
  const axes = broadcastAxes(full, target);
  let g = grad;
  if (axes.length > 0) g = b.op1('ReduceSum', [g, b.intConst(axes)], [attr.int('keepdims', 1)]);
  if (b.shape(g).join('x') !== target.join('x')) g = b.op1('Reshape', [g, b.intConst([...target])]);
  return g;
}

/** `Where(cond, a, 0)` shaped like `a`. */
export function maskGrad(b: GraphBuilder, cond: string, grad: string): string {
  return b.op1('Where', [cond, grad, b.scalar(0)]);
}
