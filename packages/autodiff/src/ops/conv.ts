import { attr } from '@medimg/onnx';
import { registerOp } from '../registry';
import { intAttr, intsAttr } from '../attrs';
import type { GraphBuilder } from '../graph-builder';
import type { TapeEntry } from '../types';

interface Geometry {
  n: number; c: number; h: number; w: number; o: number; kh: number; kw: number;
  sh: number; sw: number; pt: number; pl: number; pb: number; pr: number; ho: number; wo: number;
}

function geometry(e: TapeEntry, x: number[], wt: number[]): Geometry {
  const [n, c, h, w] = x as [number, number, number, number];
  const [o, ci, kh, kw] = wt as [number, number, number, number];
  if (intAttr(e, 'group', 1) !== 1 || ci !== c) throw new RangeError(`Error in Conv: only group = 1 is supported (input has ${c} channels, kernel ${ci})`);
  if (intsAttr(e, 'dilations', [1, 1]).some((d) => d !== 1)) throw new RangeError('Error in Conv: only dilation 1 is supported');
  const [sh, sw] = intsAttr(e, 'strides', [1, 1]) as [number, number];
  const [pt, pl, pb, pr] = intsAttr(e, 'pads', [0, 0, 0, 0]) as [number, number, number, number];
  return { n, c, h, w, o, kh, kw, sh, sw, pt, pl, pb, pr, ho: Math.floor((h + pt + pb - kh) / sh) + 1, wo: Math.floor((w + pl + pr - kw) / sw) + 1 };
}

/** dW as kh*kw GEMMs of dY [O, N*Ho*Wo] with shifted, strided views of the (padded) input [C, N*Ho*Wo]. */
function filterGrad(b: GraphBuilder, x: string, dy: string, g: Geometry): string {
  const rows = g.n * g.ho * g.wo;
  let xt = b.op1('Transpose', [x], [attr.ints('perm', [1, 0, 2, 3])]);
  if (g.pt + g.pl + g.pb + g.pr > 0) {
    xt = b.op1('Pad', [xt, b.intConst([0, 0, g.pt, g.pl, 0, 0, g.pb, g.pr])], [], { shapes: [[g.c, g.n, g.h + g.pt + g.pb, g.w + g.pl + g.pr]] });
  }
  const dyt = b.op1('Reshape', [b.op1('Transpose', [dy], [attr.ints('perm', [1, 0, 2, 3])]), b.intConst([g.o, rows])]);
  const taps: string[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const view = b.op1('Slice', [xt, b.intConst([i, j]), b.intConst([i + (g.ho - 1) * g.sh + 1, j + (g.wo - 1) * g.sw + 1]), b.intConst([2, 3]), b.intConst([g.sh, g.sw])], [], { shapes: [[g.c, g.n, g.ho, g.wo]] });
      const cols = b.op1('Reshape', [view, b.intConst([g.c, rows])]);
      taps.push(b.op1('Gemm', [dyt, cols], [attr.int('transB', 1)], { shapes: [[g.o, g.c]] }));
    }
  }
  if (taps.length === 1) return b.op1('Reshape', [taps[0] as string, b.intConst([g.o, g.c, 1, 1])]);
  const stacked = b.op1('Concat', taps.map((t) => b.op1('Reshape', [t, b.intConst([g.o, g.c, 1])])), [attr.int('axis', 2)], { shapes: [[g.o, g.c, g.kh * g.kw]] });
  return b.op1('Reshape', [stacked, b.intConst([g.o, g.c, g.kh, g.kw])]);
}

/** Conv (NCHW, group 1, explicit pads, any strides): dX by ConvTranspose, dW by shifted GEMMs, dB by a sum. */
export function registerConv(): void {
  registerOp('Conv', {
    infer: ([x, wt], e) => {
      const g = geometry(e, x as number[], wt as number[]);
      return [[g.n, g.o, g.ho, g.wo]];
    },
    grad: ({ b, entry, dY: [dy], inputShapes: [x, wt], needs }) => {
      const g = geometry(entry, x as number[], wt as number[]);
      const [xName, wName] = entry.inputs as [string, string];
      let dx: string | undefined;
      if (needs[0]) {
        const outputPadding = [g.h - ((g.ho - 1) * g.sh + g.kh - g.pt - g.pb), g.w - ((g.wo - 1) * g.sw + g.kw - g.pl - g.pr)];
        dx = b.op1('ConvTranspose', [dy as string, wName], [attr.ints('strides', [g.sh, g.sw]), attr.ints('pads', [g.pt, g.pl, g.pb, g.pr]), attr.ints('kernel_shape', [g.kh, g.kw]), attr.ints('output_padding', outputPadding)], { shapes: [[g.n, g.c, g.h, g.w]] });
      }
      const dw = needs[1] ? filterGrad(b, xName, dy as string, g) : undefined;
      const db = needs[2] ? b.op1('ReduceSum', [dy as string, b.intConst([0, 2, 3])], [attr.int('keepdims', 0)]) : undefined;
      return [dx, dw, db];
    },
  });
}
