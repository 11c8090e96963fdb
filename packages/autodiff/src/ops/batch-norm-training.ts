import { attr } from '@medimg/onnx';
import { registerOp } from '../registry';
import { floatAttr } from '../attrs';
import { numel } from '../shape';

/**
 * BatchNormTraining (a macro op, NCHW): inputs X, gamma, beta; attribute epsilon; outputs Y and the batch mean
 * and (biased) variance [C], for the running statistics. Forward: two reductions and one BatchNormalization;
 * backward in closed form, dX = a*dY + b*X + c per channel (two more BatchNormalization passes).
 */
export function registerBatchNormTraining(): void {
  registerOp('BatchNormTraining', {
    expand: (b, [x, gamma, beta], attribute) => {
      const eps = attribute.find((a) => a.name === 'epsilon')?.f ?? 1e-3;
      const shape = b.shape(x as string);
      const m = numel(shape) / (shape[1] as number);
      const keep0 = [attr.ints('axes', [0, 2, 3]), attr.int('keepdims', 0)];
      const mean = b.op1('ReduceMean', [x as string], keep0);
      const meanSq = b.op1('Div', [b.op1('ReduceSumSquare', [x as string], keep0), b.scalar(m)]);
      const variance = b.op1('Max', [b.op1('Sub', [meanSq, b.op1('Mul', [mean, mean])]), b.scalar(0)]);
      const y = b.op1('BatchNormalization', [x as string, gamma as string, beta as string, mean, variance], [attr.float('epsilon', eps)]);
      return [y, mean, variance];
    },
    grad: ({ b, entry, dY: [dy, dMean, dVar], inputShapes: [xShape], needs }) => {
      if (dMean !== undefined || dVar !== undefined) throw new RangeError('Error in BatchNormTraining gradient: the batch statistics outputs must not reach the loss');
      const [x, gamma] = entry.inputs as [string, string];
      const [, mean, variance] = entry.outputs as [string, string, string];
      const eps = floatAttr(entry, 'epsilon', 1e-3);
      const c = (xShape as number[])[1] as number;
      const m = numel(xShape as number[]) / c;
      const g = dy as string;
      const keep0 = [attr.int('keepdims', 0)];
      const axes = b.intConst([0, 2, 3]);
      const sdy = b.op1('ReduceSum', [g, axes], keep0);
      const sdyx = b.op1('ReduceSum', [b.op1('Mul', [g, x]), axes], keep0);
      const inv = b.op1('Reciprocal', [b.op1('Sqrt', [b.op1('Add', [variance, b.scalar(eps)])])]);
      const dGamma = b.op1('Mul', [inv, b.op1('Sub', [sdyx, b.op1('Mul', [mean, sdy])])]);
      let dx: string | undefined;
      if (needs[0]) {
        const a = b.op1('Mul', [gamma, inv]);
        const slope = b.op1('Neg', [b.op1('Div', [b.op1('Mul', [b.op1('Mul', [a, inv]), dGamma]), b.scalar(m)])]);
        const offset = b.op1('Sub', [b.op1('Neg', [b.op1('Div', [b.op1('Mul', [a, sdy]), b.scalar(m)])]), b.op1('Mul', [slope, mean])]);
        const zeros = b.constant(new Float32Array(c));
        const ones = b.constant(new Float32Array(c).fill(1));
        const affine = [attr.float('epsilon', 0)];
        const t = b.op1('BatchNormalization', [x, slope, offset, zeros, ones], affine);
        const u = b.op1('BatchNormalization', [g, a, zeros, zeros, ones], affine);
        dx = b.op1('Add', [t, u]);
      }
      return [dx, needs[1] ? dGamma : undefined, needs[2] ? sdy : undefined];
    },
  });
}
