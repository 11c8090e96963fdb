import { registerOp } from '../registry';
import { broadcastShapes } from '../shape';
import { sumToShape } from '../grad-helpers';

const infer = (s: number[][]): number[][] => [broadcastShapes(s[0] ?? [], s[1] ?? [])];

/** Add, Sub, Mul, Div with broadcasting: gradients summed back to each operand's shape. */
export function registerBinaryOps(): void {
  registerOp('Add', { infer, grad: ({ b, dY: [g], inputShapes: [a, c], needs }) => [needs[0] ? sumToShape(b, g as string, a as number[]) : undefined, needs[1] ? sumToShape(b, g as string, c as number[]) : undefined] });
  registerOp('Sub', {
    infer,
    grad: ({ b, dY: [g], inputShapes: [a, c], needs }) => [needs[0] ? sumToShape(b, g as string, a as number[]) : undefined, needs[1] ? sumToShape(b, b.op1('Neg', [g as string]), c as number[]) : undefined],
  });
  registerOp('Mul', {
    infer,
    grad: ({ b, entry, dY: [g], inputShapes: [a, c], needs }) => {
      const [x, y] = entry.inputs as [string, string];
      return [needs[0] ? sumToShape(b, b.op1('Mul', [g as string, y]), a as number[]) : undefined, needs[1] ? sumToShape(b, b.op1('Mul', [g as string, x]), c as number[]) : undefined];
    },
  });
  registerOp('Div', {
    infer,
    grad: ({ b, entry, dY: [g], inputShapes: [a, c], needs }) => {
      const [x, y] = entry.inputs as [string, string];
      const dx = needs[0] ? sumToShape(b, b.op1('Div', [g as string, y]), a as number[]) : undefined;
      const dy = needs[1] ? sumToShape(b, b.op1('Neg', [b.op1('Mul', [g as string, b.op1('Div', [x, b.op1('Mul', [y, y])])])]), c as number[]) : undefined;
      return [dx, dy];
    },
  });
}
