import { attr } from '@medimg/onnx';
import { registerOp } from '../registry';
import { floatAttr, intAttr } from '../attrs';
import { sumToShape } from '../grad-helpers';

/** Gemm Y = A B (+ C), no transposes, alpha = beta = 1 (what a dense layer lowers to). */
export function registerGemm(): void {
  registerOp('Gemm', {
    infer: ([a, w], e) => {
      const ta = intAttr(e, 'transA', 0) === 1;
      const tb = intAttr(e, 'transB', 0) === 1;
      return [[(ta ? a?.[1] : a?.[0]) as number, (tb ? w?.[0] : w?.[1]) as number]];
    },
    grad: ({ b, entry, dY: [g], inputShapes: [aShape, wShape, cShape], needs }) => {
      if (intAttr(entry, 'transA', 0) !== 0 || intAttr(entry, 'transB', 0) !== 0 || floatAttr(entry, 'alpha', 1) !== 1 || floatAttr(entry, 'beta', 1) !== 1) {
        throw new RangeError('Error in Gemm gradient: only transA = transB = 0 and alpha = beta = 1 are supported');
      }
      const [a, w] = entry.inputs as [string, string];
      const da = needs[0] ? b.op1('Gemm', [g as string, w], [attr.int('transB', 1)], { shapes: [aShape as number[]] }) : undefined;
      const dw = needs[1] ? b.op1('Gemm', [a, g as string], [attr.int('transA', 1)], { shapes: [wShape as number[]] }) : undefined;
      const dc = needs[2] ? sumToShape(b, g as string, cShape as number[]) : undefined;
      return [da, dw, dc];
    },
  });
}
