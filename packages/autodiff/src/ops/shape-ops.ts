import { attr } from '@medimg/onnx';
import { registerOp } from '../registry';
import { intAttr, intsAttr } from '../attrs';
import { axisOf, numel } from '../shape';

const reshapeBack = (b: Parameters<NonNullable<Parameters<typeof registerOp>[1]['grad']>>[0]['b'], g: string, x: number[]): string => b.op1('Reshape', [g, b.intConst(x)]);

/** Transpose, Reshape, Flatten: gradients move values back (inverse permutation, original shape). */
export function registerShapeOps(): void {
  registerOp('Transpose', {
    infer: (s, e) => {
      const x = s[0] ?? [];
      const perm = intsAttr(e, 'perm', x.map((_, i) => x.length - 1 - i));
      return [perm.map((p) => x[p] as number)];
    },
    grad: ({ b, entry, dY: [g], inputShapes: [x] }) => {
      const perm = intsAttr(entry, 'perm', (x as number[]).map((_, i) => (x as number[]).length - 1 - i));
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return [b.op1('Transpose', [g as string], [attr.ints('perm', inverse)])];
    },
  });
  registerOp('Reshape', {
    infer: (s, e, b) => {
      const x = s[0] ?? [];
      const target = [...(b.intValues(e.inputs[1] as string) ?? [])];
      const known = target.map((d, i) => (d === 0 ? (x[i] as number) : d));
      const free = known.indexOf(-1);
      if (free >= 0) known[free] = numel(x) / numel(known.filter((d) => d !== -1));
      return [known];
    },
    grad: ({ b, dY: [g], inputShapes: [x] }) => [reshapeBack(b, g as string, x as number[]), undefined],
  });
  registerOp('Flatten', {
    infer: (s, e) => {
      const x = s[0] ?? [];
      const axis = axisOf(intAttr(e, 'axis', 1), x.length);
      return [[numel(x.slice(0, axis)), numel(x.slice(axis))]];
    },
    grad: ({ b, dY: [g], inputShapes: [x] }) => [reshapeBack(b, g as string, x as number[])],
  });
}
