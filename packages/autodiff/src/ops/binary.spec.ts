import * as tf from '@tensorflow/tfjs';
import { attr } from '@medimg/onnx';
import { appendGradients } from '../gradients';
import { GraphBuilder } from '../graph-builder';
import { randomValues, relError, runGraph } from '../testing/ort-run';
import { registerBuiltinOps } from './index';

const data = (t: tf.Tensor): Float32Array => (t.dataSync() as Float32Array).slice();

/** Residual sums and biases: Add of same-shape operands and of operands broadcast along leading or size-1 axes. */
const cases: [string, number[], number[]][] = [
  ['same shape (a residual connection)', [2, 3, 4, 5], [2, 3, 4, 5]],
  ['per-channel [C, 1, 1] on NCHW', [2, 3, 4, 5], [3, 1, 1]],
  ['lower rank [W] on NCHW', [2, 3, 4, 5], [5]],
  ['size-1 axes on both sides', [2, 1, 4, 1], [1, 3, 1, 5]],
  ['scalar', [3, 4], []],
];

describe('Add gradient rule against tf.grad (cpu backend)', () => {
  beforeAll(async () => {
    registerBuiltinOps();
    await tf.setBackend('cpu');
  });

  it.each(cases)('Add %s: dA and dB summed back to each shape', async (_, shapeA, shapeB) => {
    const numel = (s: number[]): number => s.reduce((p, d) => p * d, 1);
    const a = randomValues(numel(shapeA), 21);
    const bv = randomValues(numel(shapeB), 22);
    const expected = tf.tidy(() => {
      const ta = tf.tensor(a, shapeA);
      const tb = tf.tensor(bv, shapeB);
      const y = tf.add(ta, tb);
      const r = tf.tensor(randomValues(y.size, 23), y.shape);
      // a nonlinearity after the sum, so the incoming gradient is not uniform
      const [ga, gb] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(x, z)), r)))([ta, tb]);
      return { r: data(r), yShape: y.shape, ga: data(ga as tf.Tensor), gb: data(gb as tf.Tensor) };
    });
    const b = new GraphBuilder();
    const A = b.input('a', shapeA);
    const B = b.input('b', shapeB);
    const y = b.op1('Relu', [b.op1('Add', [A, B])]);
    expect(b.shape(y)).toEqual(expected.yShape);
    const loss = b.op1('ReduceSum', [b.op1('Mul', [y, b.constant(expected.r, b.shape(y))])], [attr.int('keepdims', 0)]);
    const g = appendGradients(b, loss, [A, B]);
    b.output(g.get(A) as string, 'grad_a');
    b.output(g.get(B) as string, 'grad_b');
    const out = await runGraph(b, { a, b: bv });
    expect(out['grad_a']).toHaveLength(a.length);
    expect(out['grad_b']).toHaveLength(bv.length);
    expect(relError(out['grad_a'] as Float32Array, expected.ga)).toBeLessThanOrEqual(1e-4);
    expect(relError(out['grad_b'] as Float32Array, expected.gb)).toBeLessThanOrEqual(1e-4);
  });

  it('sums the gradients of a value read twice (the shortcut of a residual block: x + f(x))', async () => {
    const shape = [2, 3, 4, 4];
    const x = randomValues(2 * 3 * 4 * 4, 31);
    const expected = tf.tidy(() => {
      const tx = tf.tensor(x, shape);
      const r = tf.tensor(randomValues(tx.size, 32), shape);
      const gx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(tf.mul(tf.relu(v), 0.5), v)), r)))(tx);
      return { r: data(r), gx: data(gx) };
    });
    const b = new GraphBuilder();
    const X = b.input('x', shape);
    const f = b.op1('Mul', [b.op1('Relu', [X]), b.scalar(0.5)]);
    const y = b.op1('Relu', [b.op1('Add', [f, X])]);
    const loss = b.op1('ReduceSum', [b.op1('Mul', [y, b.constant(expected.r, shape)])], [attr.int('keepdims', 0)]);
    const g = appendGradients(b, loss, [X]);
    b.output(g.get(X) as string, 'grad_x');
    const out = await runGraph(b, { x });
    expect(relError(out['grad_x'] as Float32Array, expected.gx)).toBeLessThanOrEqual(1e-4);
  });
});
