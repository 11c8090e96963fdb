import { registerOp } from '../registry';
import type { GraphBuilder } from '../graph-builder';
import { intAttr, intsAttr } from '../attrs';
import { axisOf, numel } from '../shape';
import type { TapeEntry } from '../types';

function reducedShape(shape: number[], axes: number[], keep: boolean): number[] {
  const set = new Set((axes.length === 0 ? shape.map((_, i) => i) : axes).map((a) => axisOf(a, shape.length)));
  return keep ? shape.map((d, i) => (set.has(i) ? 1 : d)) : shape.filter((_, i) => !set.has(i));
}

const axesOf = (e: TapeEntry, b: GraphBuilder, fromInput: boolean): number[] => (fromInput ? (e.inputs[1] !== undefined && e.inputs[1] !== '' ? (b.intValues(e.inputs[1]) ?? []) : []) : intsAttr(e, 'axes', []));

/** dY broadcast back over the reduced axes. */
function expandBack(b: GraphBuilder, g: string, x: number[], axes: number[]): string {
  const kept = reducedShape(x, axes, true);
  const r = b.shape(g).join('x') === kept.join('x') ? g : b.op1('Reshape', [g, b.intConst(kept)]);
  return b.op1('Expand', [r, b.intConst(x)], [], { shapes: [x] });
}

/** ReduceSum (axes input, opset 13+), ReduceMean and ReduceSumSquare (axes attribute, opset < 18). */
export function registerReduceOps(): void {
  registerOp('ReduceSum', {
    infer: (s, e, b) => [reducedShape(s[0] ?? [], axesOf(e, b, true), intAttr(e, 'keepdims', 1) === 1)],
    grad: ({ b, entry, dY: [g], inputShapes: [x] }) => [expandBack(b, g as string, x as number[], axesOf(entry, b, true))],
  });
  registerOp('ReduceMean', {
    infer: (s, e, b) => [reducedShape(s[0] ?? [], axesOf(e, b, false), intAttr(e, 'keepdims', 1) === 1)],
    grad: ({ b, entry, dY: [g], inputShapes: [x], outputShapes: [y] }) => {
      const count = numel(x as number[]) / numel(y as number[]);
      return [b.op1('Div', [expandBack(b, g as string, x as number[], axesOf(entry, b, false)), b.scalar(count)])];
    },
  });
  registerOp('ReduceSumSquare', {
    infer: (s, e, b) => [reducedShape(s[0] ?? [], axesOf(e, b, false), intAttr(e, 'keepdims', 1) === 1)],
    grad: ({ b, entry, dY: [g], inputShapes: [x] }) => [b.op1('Mul', [expandBack(b, g as string, x as number[], axesOf(entry, b, false)), b.op1('Mul', [entry.inputs[0] as string, b.scalar(2)])])],
  });
}
