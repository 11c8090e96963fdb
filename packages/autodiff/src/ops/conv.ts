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

/**
 * The im2col columns made by onnxruntime's own Conv: a grouped Conv (one group per input channel) with one-hot
 * kernels writes every tap of every channel, [N, C*kh*kw, Ho, Wo], handling pads and strides.
 */
function im2colColumns(b: GraphBuilder, x: string, g: Geometry): string {
  const kk = g.kh * g.kw;
  const onehot = new Float32Array(g.c * kk * kk);
  for (let c = 0; c < g.c; c++) for (let t = 0; t < kk; t++) onehot[(c * kk + t) * kk + t] = 1;
  return b.op1('Conv', [x, b.constant(onehot, [g.c * kk, 1, g.kh, g.kw])], [
    attr.ints('kernel_shape', [g.kh, g.kw]), attr.ints('strides', [g.sh, g.sw]), attr.ints('pads', [g.pt, g.pl, g.pb, g.pr]), attr.int('group', g.c),
  ], { shapes: [[g.n, g.c * kk, g.ho, g.wo]] });
}

/**
 * dW through the im2col columns (im2colColumns), [N, C*kh*kw, Ho*Wo]: one batched MatMul
 * of it with dY^T [N, Ho*Wo, O] (the transpose fused into the GEMM) gives [N, C*kh*kw, O], summed over the batch and
 * transposed (a small tensor) to [O, C, kh, kw]. The column operand as the GEMM's A (many rows) rather than its B runs
 * 1.2-3x faster in onnxruntime at every compact-cnn and refkit-cnn layer measured, and faster than the shifted slices
 * (filterGrad) at all of them; the column buffer is kh*kw times the input, so it is used only when that stays small.
 */
function filterGradIm2col(b: GraphBuilder, x: string, dy: string, g: Geometry): string {
  const hw = g.ho * g.wo;
  const kk = g.kh * g.kw;
  const col = im2colColumns(b, x, g);
  const dyT = b.op1('Transpose', [b.op1('Reshape', [dy, b.intConst([g.n, g.o, hw])])], [attr.ints('perm', [0, 2, 1])]);
  const prod = b.op1('MatMul', [b.op1('Reshape', [col, b.intConst([g.n, g.c * kk, hw])]), dyT], [], { shapes: [[g.n, g.c * kk, g.o]] });
  const summed = b.op1('ReduceSum', [prod, b.intConst([0])], [attr.int('keepdims', 0)]);
  return b.op1('Reshape', [b.op1('Transpose', [summed], [attr.ints('perm', [1, 0])]), b.intConst([g.o, g.c, g.kh, g.kw])]);
}

/**
 * dW as one GEMM over the whole batch, for layers with more output channels than output pixels (compact-cnn's last
 * block: 128 channels at 8x8): the per-image products of filterGradIm2col, [N, C*kh*kw, O], would then be larger than
 * the columns themselves, and summing them costs more than the GEMM. Here the columns become [C*kh*kw, N*Ho*Wo] and
 * dY [O, N*Ho*Wo] (Transposes that move whole rows), and one [O, N*Ho*Wo] x [N*Ho*Wo, C*kh*kw] GEMM gives
 * [O, C*kh*kw] directly: 5-6% off a whole compact-cnn@128 step (paired A/B, 30 rounds).
 */
function filterGradGemm(b: GraphBuilder, x: string, dy: string, g: Geometry): string {
  const hw = g.ho * g.wo;
  const kk = g.kh * g.kw;
  const col = im2colColumns(b, x, g);
  const colT = b.op1('Reshape', [b.op1('Transpose', [b.op1('Reshape', [col, b.intConst([g.n, g.c * kk, hw])])], [attr.ints('perm', [1, 0, 2])]), b.intConst([g.c * kk, g.n * hw])]);
  const dyT = b.op1('Reshape', [b.op1('Transpose', [b.op1('Reshape', [dy, b.intConst([g.n, g.o, hw])])], [attr.ints('perm', [1, 0, 2])]), b.intConst([g.o, g.n * hw])]);
  const prod = b.op1('MatMul', [dyT, b.op1('Transpose', [colT], [attr.ints('perm', [1, 0])])], [], { shapes: [[g.o, g.c * kk]] });
  return b.op1('Reshape', [prod, b.intConst([g.o, g.c, g.kh, g.kw])]);
}

/**
 * Column buffer bytes up to which dW goes through im2col (filterGradIm2col); beyond, the shifted slices (filterGrad),
 * e.g. refkit-cnn@300's 150x150 layers. Mutable for the spec (both paths on small inputs), not exported by the package.
 */
export const convGradLimits = { im2colMaxBytes: 256 * 2 ** 20 };

/**
 * dW as kh*kw batched MatMuls: for each tap, a strided view of the (padded) input [N, C, Ho*Wo] times dY^T
 * [N, Ho*Wo, O], summed over the batch. Batched over N, so onnxruntime spreads each product over every core even when
 * C and O are small (a single [O, N*Ho*Wo] x [N*Ho*Wo, C] GEMM would run on one).
 */
function filterGrad(b: GraphBuilder, x: string, dy: string, g: Geometry): string {
  const hw = g.ho * g.wo;
  let xp = x;
  if (g.pt + g.pl + g.pb + g.pr > 0) {
    xp = b.op1('Pad', [x, b.intConst([0, 0, g.pt, g.pl, 0, 0, g.pb, g.pr])], [], { shapes: [[g.n, g.c, g.h + g.pt + g.pb, g.w + g.pl + g.pr]] });
  }
  const dyt = b.op1('Transpose', [b.op1('Reshape', [dy, b.intConst([g.n, g.o, hw])])], [attr.ints('perm', [0, 2, 1])]);
  const taps: string[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const full = i === 0 && j === 0 && g.sh === 1 && g.sw === 1 && g.ho === b.shape(xp)[2] && g.wo === b.shape(xp)[3];
      const view = full ? xp : b.op1('Slice', [xp, b.intConst([i, j]), b.intConst([i + (g.ho - 1) * g.sh + 1, j + (g.wo - 1) * g.sw + 1]), b.intConst([2, 3]), b.intConst([g.sh, g.sw])], [], { shapes: [[g.n, g.c, g.ho, g.wo]] });
      const prod = b.op1('MatMul', [b.op1('Reshape', [view, b.intConst([g.n, g.c, hw])]), dyt], [], { shapes: [[g.n, g.c, g.o]] });
      taps.push(b.op1('ReduceSum', [prod, b.intConst([0])], [attr.int('keepdims', 0)]));
    }
  }
  // taps: kh*kw x [C, O] -> [O, C, kh, kw]
  const stacked = taps.length === 1 ? b.op1('Reshape', [taps[0] as string, b.intConst([1, g.c, g.o])]) : b.op1('Concat', taps.map((t) => b.op1('Reshape', [t, b.intConst([1, g.c, g.o])])), [attr.int('axis', 0)], { shapes: [[g.kh * g.kw, g.c, g.o]] });
  return b.op1('Reshape', [b.op1('Transpose', [stacked], [attr.ints('perm', [2, 1, 0])]), b.intConst([g.o, g.c, g.kh, g.kw])]);
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
      if (needs[0] && g.sh === 1 && g.sw === 1) {
        // Stride 1: dX is a plain Conv of dY with the flipped, transposed kernel (faster in onnxruntime than ConvTranspose).
        const flipped = b.op1('Slice', [b.op1('Transpose', [wName], [attr.ints('perm', [1, 0, 2, 3])]), b.intConst([-1, -1]), b.intConst([-(g.kh + 1), -(g.kw + 1)]), b.intConst([2, 3]), b.intConst([-1, -1])], [], { shapes: [[g.c, g.o, g.kh, g.kw]] });
        dx = b.op1('Conv', [dy as string, flipped], [attr.ints('kernel_shape', [g.kh, g.kw]), attr.ints('pads', [g.kh - 1 - g.pt, g.kw - 1 - g.pl, g.kh - 1 - g.pb, g.kw - 1 - g.pr])]);
      } else if (needs[0]) {
        const outputPadding = [g.h - ((g.ho - 1) * g.sh + g.kh - g.pt - g.pb), g.w - ((g.wo - 1) * g.sw + g.kw - g.pl - g.pr)];
        dx = b.op1('ConvTranspose', [dy as string, wName], [attr.ints('strides', [g.sh, g.sw]), attr.ints('pads', [g.pt, g.pl, g.pb, g.pr]), attr.ints('kernel_shape', [g.kh, g.kw]), attr.ints('output_padding', outputPadding)], { shapes: [[g.n, g.c, g.h, g.w]] });
      }
      const im2col = g.kh * g.kw > 1 && 4 * g.n * g.c * g.kh * g.kw * g.ho * g.wo <= convGradLimits.im2colMaxBytes;
      const gemm = im2col && g.o > g.ho * g.wo;
      const dw = needs[1] ? (gemm ? filterGradGemm : im2col ? filterGradIm2col : filterGrad)(b, xName, dy as string, g) : undefined;
      const db = needs[2] ? b.op1('ReduceSum', [dy as string, b.intConst([0, 2, 3])], [attr.int('keepdims', 0)]) : undefined;
      return [dx, dw, db];
    },
  });
}
