import { attr } from '@medimg/onnx';
import { registerOp } from '../registry';
import { intAttr } from '../attrs';
import { axisOf } from '../shape';

/** Softmax over one axis: dx = dy*y - sum(dy*y) * y (tfjs' form). */
export function registerSoftmax(): void {
  registerOp('Softmax', {
    infer: (s) => [s[0] ?? []],
    grad: ({ b, entry, dY: [g], inputShapes: [x] }) => {
      const y = entry.outputs[0] as string;
      const axis = axisOf(intAttr(entry, 'axis', -1), (x as number[]).length);
      const t = b.op1('Mul', [g as string, y]);
      const s = b.op1('ReduceSum', [t, b.intConst([axis])], [attr.int('keepdims', 1)]);
      return [b.op1('Sub', [t, b.op1('Mul', [s, y])])];
    },
  });
}
