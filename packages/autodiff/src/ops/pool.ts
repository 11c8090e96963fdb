import { attr, DataType } from '@medimg/onnx';
import { registerOp } from '../registry';
import { intsAttr } from '../attrs';
import { numel } from '../shape';

/**
 * MaxPool (NCHW, explicit pads) with its Indices output (record it: the gradient routes each dY to the index
 * onnxruntime chose, the first maximum of its window as tfjs' cpu backend does); GlobalAveragePool.
 */
export function registerPools(): void {
  registerOp('MaxPool', {
    infer: ([x], e) => {
      const [n, c, h, w] = x as [number, number, number, number];
      const [kh, kw] = intsAttr(e, 'kernel_shape', [1, 1]) as [number, number];
      const [sh, sw] = intsAttr(e, 'strides', [1, 1]) as [number, number];
      const [pt, pl, pb, pr] = intsAttr(e, 'pads', [0, 0, 0, 0]) as [number, number, number, number];
      const y = [n, c, Math.floor((h + pt + pb - kh) / sh) + 1, Math.floor((w + pl + pr - kw) / sw) + 1];
      return [y, y];
    },
    grad: ({ b, entry, dY: [g], inputShapes: [x] }) => {
      const indices = entry.outputs[1];
      if (indices === undefined) throw new RangeError('Error in MaxPool gradient: the forward MaxPool must have its Indices output (op(..., { outputs: 2 }))');
      const kernel = intsAttr(entry, 'kernel_shape', [1, 1]);
      const strides = intsAttr(entry, 'strides', [1, 1]);
      const pads = intsAttr(entry, 'pads', [0, 0, 0, 0]);
      if (pads.every((p) => p === 0) && kernel.every((k, i) => k <= (strides[i] as number))) {
        // Windows do not overlap: each input element receives at most one dY, so MaxUnpool (a zero-fill and one
        // scatter) is the whole gradient; the output_shape input keeps odd sizes (floor pooling) exact.
        return [b.op1('MaxUnpool', [g as string, indices, b.intConst(x as number[])], [attr.ints('kernel_shape', kernel), attr.ints('strides', strides)], { shapes: [x as number[]] })];
      }
      const total = numel(x as number[]);
      const zeros = b.op1('ConstantOfShape', [b.intConst([total])], [attr.tensor('value', { name: 'zero', dims: [1], dataType: DataType.FLOAT, rawData: new Uint8Array(4) })], { shapes: [[total]] });
      const flat = b.op1('ScatterElements', [zeros, b.op1('Reshape', [indices, b.intConst([-1])]), b.op1('Reshape', [g as string, b.intConst([-1])])], [attr.int('axis', 0), attr.string('reduction', 'add')], { shapes: [[total]] });
      return [b.op1('Reshape', [flat, b.intConst(x as number[])])];
    },
  });
  registerOp('GlobalAveragePool', {
    infer: ([x]) => [[(x as number[])[0] as number, (x as number[])[1] as number, 1, 1]],
    grad: ({ b, dY: [g], inputShapes: [x] }) => {
      const [, , h, w] = x as [number, number, number, number];
      return [b.op1('Div', [b.op1('Expand', [g as string, b.intConst(x as number[])], [], { shapes: [x as number[]] }), b.scalar(h * w)])];
    },
  });
}
