import { attr, DataType } from '@medimg/onnx';
import { registerOp } from '../registry';
import { floatAttr } from '../attrs';
import { maskGrad } from '../grad-helpers';

const same = (s: number[][]): number[][] => [s[0] ?? []];

/** Neg, Log, Sqrt, Relu, LeakyRelu, Clip: gradients as tfjs defines them (Relu/LeakyRelu switch at x > 0). */
export function registerUnaryOps(): void {
  registerOp('Neg', { infer: same, grad: ({ b, dY: [g] }) => [b.op1('Neg', [g as string])] });
  registerOp('Log', { infer: same, grad: ({ b, entry, dY: [g] }) => [b.op1('Div', [g as string, entry.inputs[0] as string])] });
  registerOp('Sqrt', { infer: same, grad: ({ b, entry, dY: [g] }) => [b.op1('Div', [g as string, b.op1('Mul', [entry.outputs[0] as string, b.scalar(2)])])] });
  // dY * float(x > 0): onnxruntime's Mul and Cast are vectorised, its Where (with a broadcast scalar) is not.
  registerOp('Relu', { infer: same, grad: ({ b, entry, dY: [g] }) => [b.op1('Mul', [g as string, b.op1('Cast', [b.op1('Greater', [entry.inputs[0] as string, b.scalar(0)])], [attr.int('to', DataType.FLOAT)])])] });
  // dY * max(sign(x), alpha) for 0 <= alpha < 1: 1 where x > 0, alpha elsewhere (x = 0 included, as tfjs), in three vectorised passes
  // (onnxruntime's Where runs a generic broadcast loop: the slowest op of a refkit-cnn step).
  registerOp('LeakyRelu', {
    infer: same,
    grad: ({ b, entry, dY: [g] }) => {
      const alpha = floatAttr(entry, 'alpha', 0.01);
      const x = entry.inputs[0] as string;
      if (alpha >= 0 && alpha < 1) return [b.op1('Mul', [g as string, b.op1('Max', [b.op1('Sign', [x]), b.scalar(alpha)])])];
      return [b.op1('Where', [b.op1('Greater', [x, b.scalar(0)]), g as string, b.op1('Mul', [g as string, b.scalar(alpha)])])];
    },
  });
  registerOp('Clip', {
    infer: same,
    grad: ({ b, entry, dY: [g] }) => {
      const [x, min, max] = entry.inputs as [string, string | undefined, string | undefined];
      let inside: string | undefined;
      if (min !== undefined && min !== '') inside = b.op1('GreaterOrEqual', [x, min]);
      if (max !== undefined && max !== '') {
        const below = b.op1('LessOrEqual', [x, max]);
        inside = inside === undefined ? below : b.op1('And', [inside, below]);
      }
      return [inside === undefined ? g : maskGrad(b, inside, g as string)];
    },
  });
}
