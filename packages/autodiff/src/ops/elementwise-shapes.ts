import { registerOp } from '../registry';
import { broadcastShapes } from '../shape';

/** Shape rules of the elementwise ops the backward pass uses (no gradient rule: they never need one). */
export function registerElementwiseShapes(): void {
  const broadcast = (shapes: number[][]): number[][] => [shapes.reduce((acc, s) => broadcastShapes(acc, s), [] as number[])];
  for (const op of ['Where', 'Greater', 'GreaterOrEqual', 'LessOrEqual', 'Less', 'Equal', 'And', 'Pow', 'Max', 'Min']) registerOp(op, { infer: broadcast });
  for (const op of ['Identity', 'Cast', 'Reciprocal', 'Abs', 'Exp', 'Sign', 'BatchNormalization']) registerOp(op, { infer: (s) => [s[0] ?? []] });
}
