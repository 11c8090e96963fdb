import * as tf from '@tensorflow/tfjs';
import { attr } from '@medimg/onnx';
import { appendAdam } from './adam';
import { appendGradients } from './gradients';
import { GraphBuilder } from './graph-builder';
import { convGradLimits } from './ops/conv';
import { randomValues, relError, runGraph, toNchw, toOihw } from './testing/ort-run';

/** tfjs' SAME padding (extra row/column at the end). */
function samePads(size: number, k: number, s: number): [number, number] {
  const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** loss = sum(y * r) with a fixed random r shaped like y (NCHW in the graph). */
function weightedSum(b: GraphBuilder, y: string, r: Float32Array): string {
  return b.op1('ReduceSum', [b.op1('Mul', [y, b.constant(r, b.shape(y))])], [attr.int('keepdims', 0)]);
}

async function gradsOf(b: GraphBuilder, loss: string, wrt: string[], feeds: Record<string, Float32Array>): Promise<Float32Array[]> {
  const g = appendGradients(b, loss, wrt);
  wrt.forEach((w) => b.output(g.get(w) as string, `grad_${w}`));
  const out = await runGraph(b, feeds);
  return wrt.map((w) => out[`grad_${w}`] as Float32Array);
}

const data = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

describe('gradient rules against tf.grad (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const convCases: [string, number, number, number, number, number, number, number, 'same' | 'valid', 'auto' | 'slices' | 'gemm'][] = [
    ['3x3 stride 1 SAME, non-square', 2, 5, 7, 3, 4, 3, 1, 'same', 'auto'],
    ['3x3 stride 2 SAME, even', 2, 8, 6, 2, 3, 3, 2, 'same', 'auto'],
    ['3x3 stride 2 SAME, odd', 1, 9, 7, 2, 3, 3, 2, 'same', 'auto'],
    ['3x3 stride 2 VALID', 2, 9, 8, 3, 2, 3, 2, 'valid', 'auto'],
    ['2x2 stride 1 VALID', 1, 5, 4, 2, 2, 2, 1, 'valid', 'auto'],
    ['1x1', 2, 3, 4, 3, 5, 1, 1, 'same', 'auto'],
    ['3x3 stride 1 SAME, 34 input channels', 1, 4, 5, 34, 3, 3, 1, 'same', 'auto'],
    ['3x3 stride 2 SAME, 33 input channels', 2, 5, 4, 33, 2, 3, 2, 'same', 'auto'],
    // a column buffer above the im2col limit: dW by shifted slices instead of the grouped-Conv im2col
    ['3x3 stride 1 SAME, shifted-slice dW', 1, 4, 5, 34, 3, 3, 1, 'same', 'slices'],
    ['3x3 stride 2 SAME, shifted-slice dW', 2, 5, 4, 33, 2, 3, 2, 'same', 'slices'],
    ['2x2 stride 1 VALID, shifted-slice dW', 1, 5, 4, 2, 2, 2, 1, 'valid', 'slices'],
    // more output channels than output pixels: dW as one whole-batch GEMM
    ['3x3 stride 1 SAME, whole-batch GEMM dW', 3, 2, 3, 4, 7, 3, 1, 'same', 'gemm'],
    ['3x3 stride 2 SAME, whole-batch GEMM dW', 2, 4, 3, 3, 5, 3, 2, 'same', 'gemm'],
  ];
  it.each(convCases)('Conv %s: dX, dW, dB', async (_, n, h, w, ci, co, k, s, padding, dW) => {
    const x = randomValues(n * h * w * ci, 1);
    const wt = randomValues(k * k * ci * co, 2);
    const bias = randomValues(co, 3);
    const expected = tf.tidy(() => {
      const xs = tf.tensor4d(x, [n, h, w, ci]);
      const y = tf.conv2d(xs, tf.tensor4d(wt, [k, k, ci, co]), s, padding);
      const r = tf.tensor(randomValues(y.size, 4), y.shape);
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.add(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, padding), c), r));
      const [gx, gw, gb] = tf.grads(f)([xs, tf.tensor4d(wt, [k, k, ci, co]), tf.tensor1d(bias)]);
      return { r: toNchw(data(r), y.shape), gx: toNchw(data(gx as tf.Tensor), [n, h, w, ci]), gw: toOihw(data(gw as tf.Tensor), [k, k, ci, co]), gb: data(gb as tf.Tensor).slice() };
    });
    const [pt, pb] = padding === 'same' ? samePads(h, k, s) : [0, 0];
    const [pl, pr] = padding === 'same' ? samePads(w, k, s) : [0, 0];
    const b = new GraphBuilder();
    const X = b.input('x', [n, ci, h, w]);
    const W = b.input('w', [co, ci, k, k]);
    const B = b.input('b', [co]);
    const y = b.op1('Conv', [X, W, B], [attr.ints('strides', [s, s]), attr.ints('pads', [pt, pl, pb, pr]), attr.ints('kernel_shape', [k, k])]);
    // appendGradients runs synchronously inside gradsOf, before its first await: the limit applies to it alone.
    const limit = convGradLimits.im2colMaxBytes;
    if (dW === 'slices') convGradLimits.im2colMaxBytes = 0;
    let pending: Promise<Float32Array[]>;
    try {
      pending = gradsOf(b, weightedSum(b, y, expected.r), [X, W, B], { x: toNchw(x, [n, h, w, ci]), w: toOihw(wt, [k, k, ci, co]), b: bias });
    } finally {
      convGradLimits.im2colMaxBytes = limit;
    }
    const [dx, dw, db] = await pending;
    const grouped = b.nodes.some((node) => node.opType === 'Conv' && node.attribute.some((a) => a.name === 'group' && (a.i ?? 1) > 1));
    expect(grouped).toBe(dW !== 'slices' && k > 1);
    const batchTranspose = b.nodes.some((node) => node.opType === 'Transpose' && node.attribute.some((a) => a.name === 'perm' && a.ints?.join(',') === '1,0,2'));
    expect(batchTranspose).toBe(dW === 'gemm');
    expect(relError(dx as Float32Array, expected.gx)).toBeLessThan(1e-4);
    expect(relError(dw as Float32Array, expected.gw)).toBeLessThan(1e-4);
    expect(relError(db as Float32Array, expected.gb)).toBeLessThan(1e-4);
  });

  // 2x2/2: windows do not overlap (MaxUnpool); 3x3/2 and 2x2/1: they do (ScatterElements adds the shared cells).
  it.each([[2, 2], [3, 2], [2, 1]])('MaxPool %i/%i VALID routes each gradient to the first maximum, also in tied and all-negative windows', async (k, s) => {
    const [n, h, w, c] = [2, 5, 7, 2];
    const x = randomValues(n * h * w * c, 5);
    const set = (i: number, y: number, xx: number, k: number, v: number): void => void (x[((i * h + y) * w + xx) * c + k] = v);
    for (const [y, xx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) set(0, y, xx, 0, 0.5); // a window of four ties
    for (const [y, xx] of [[0, 2], [1, 3]] as const) set(0, y, xx, 1, 0.9); // two tied maxima
    for (const [y, xx] of [[2, 2], [2, 3], [3, 2], [3, 3]] as const) set(1, y, xx, 0, -0.25 - 0.01 * (y + xx)); // all negative
    for (const [y, xx] of [[2, 4], [2, 5], [3, 4], [3, 5]] as const) set(1, y, xx, 1, -0.75); // all negative and tied
    const expected = tf.tidy(() => {
      const xs = tf.tensor4d(x, [n, h, w, c]);
      const y = tf.maxPool(xs, k, s, 'valid');
      const r = tf.tensor(randomValues(y.size, 6, 0.5, 1.5), y.shape);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, 'valid'), r)))(xs);
      return { r: toNchw(data(r), y.shape), g: toNchw(data(g), [n, h, w, c]) };
    });
    const b = new GraphBuilder();
    const X = b.input('x', [n, c, h, w]);
    const [y] = b.op('MaxPool', [X], [attr.ints('kernel_shape', [k, k]), attr.ints('strides', [s, s])], { outputs: 2 });
    const [dx] = await gradsOf(b, weightedSum(b, y as string, expected.r), [X], { x: toNchw(x, [n, h, w, c]) });
    expect(relError(dx as Float32Array, expected.g)).toBeLessThan(1e-6);
    if (k <= s) expect(Array.from(dx as Float32Array).filter((v) => v !== 0)).toHaveLength(expected.r.length);
  });

  it('BatchNormTraining: batch statistics and dX, dGamma, dBeta match tf.moments + tf.batchNorm', async () => {
    const [n, h, w, c] = [3, 4, 5, 3];
    const x = randomValues(n * h * w * c, 7, -1, 2);
    const gamma = randomValues(c, 8, 0.5, 1.5);
    const beta = randomValues(c, 9);
    const eps = 1e-3;
    const expected = tf.tidy(() => {
      const bn = (a: tf.Tensor, g: tf.Tensor, bt: tf.Tensor): tf.Tensor => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return tf.batchNorm(a, mean, variance, bt, g, eps);
      };
      const xs = tf.tensor4d(x, [n, h, w, c]);
      const y = bn(xs, tf.tensor1d(gamma), tf.tensor1d(beta));
      const r = tf.tensor(randomValues(y.size, 10), y.shape);
      const [gx, gg, gb] = tf.grads((a: tf.Tensor, g: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.mul(bn(a, g, bt), r)))([xs, tf.tensor1d(gamma), tf.tensor1d(beta)]);
      const { mean, variance } = tf.moments(xs, [0, 1, 2]);
      return { r: toNchw(data(r), y.shape), gx: toNchw(data(gx as tf.Tensor), [n, h, w, c]), gg: data(gg as tf.Tensor).slice(), gb: data(gb as tf.Tensor).slice(), mean: data(mean).slice(), variance: data(variance).slice() };
    });
    const b = new GraphBuilder();
    const X = b.input('x', [n, c, h, w]);
    const G = b.input('gamma', [c]);
    const B = b.input('beta', [c]);
    const [y, mean, variance] = b.op('BatchNormTraining', [X, G, B], [attr.float('epsilon', eps)]) as [string, string, string];
    b.output(mean, 'mean');
    b.output(variance, 'variance');
    const g = appendGradients(b, weightedSum(b, y, expected.r), [X, G, B]);
    [X, G, B].forEach((v) => b.output(g.get(v) as string, `grad_${v}`));
    const out = await runGraph(b, { x: toNchw(x, [n, h, w, c]), gamma, beta });
    expect(relError(out.mean as Float32Array, expected.mean)).toBeLessThan(1e-5);
    expect(relError(out.variance as Float32Array, expected.variance)).toBeLessThan(1e-5);
    expect(relError(out.grad_x as Float32Array, expected.gx)).toBeLessThan(1e-4);
    expect(relError(out.grad_gamma as Float32Array, expected.gg)).toBeLessThan(1e-4);
    expect(relError(out.grad_beta as Float32Array, expected.gb)).toBeLessThan(1e-4);
  });

  it('LeakyReLU -> NHWC flatten -> Gemm + bias -> ReLU, and ReLU -> global average pool', async () => {
    const [n, h, w, c, units] = [2, 3, 4, 2, 5];
    const x = randomValues(n * h * w * c, 11);
    const wt = randomValues(h * w * c * units, 12);
    const bias = randomValues(units, 13, -0.2, 0.2);
    const expected = tf.tidy(() => {
      const f = (a: tf.Tensor, k: tf.Tensor, bb: tf.Tensor): tf.Tensor => tf.relu(tf.add(tf.matMul(tf.reshape(tf.leakyRelu(a, 0.2), [n, -1]), k), bb));
      const xs = tf.tensor4d(x, [n, h, w, c]);
      const r = tf.tensor(randomValues(n * units, 14), [n, units]);
      const [gx, gw, gb] = tf.grads((a: tf.Tensor, k: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(a, k, bb), r)))([xs, tf.tensor2d(wt, [h * w * c, units]), tf.tensor1d(bias)]);
      const q = tf.tensor(randomValues(n * c, 15), [n, c]);
      const gp = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(tf.relu(a), [1, 2]), q)))(xs);
      return { r: data(r).slice(), q: data(q).slice(), gx: toNchw(data(gx as tf.Tensor), [n, h, w, c]), gw: data(gw as tf.Tensor).slice(), gb: data(gb as tf.Tensor).slice(), gp: toNchw(data(gp), [n, h, w, c]) };
    });
    const b = new GraphBuilder();
    const X = b.input('x', [n, c, h, w]);
    const W = b.input('w', [h * w * c, units]);
    const B = b.input('b', [units]);
    const leaky = b.op1('LeakyRelu', [X], [attr.float('alpha', 0.2)]);
    const flat = b.op1('Flatten', [b.op1('Transpose', [leaky], [attr.ints('perm', [0, 2, 3, 1])])]);
    const y = b.op1('Relu', [b.op1('Gemm', [flat, W, B])]);
    const pooled = b.op1('Reshape', [b.op1('GlobalAveragePool', [b.op1('Relu', [X])]), b.intConst([n, c])]);
    const loss = b.op1('Add', [weightedSum(b, y, expected.r), weightedSum(b, pooled, expected.q)]);
    const [dx, dw, db] = await gradsOf(b, loss, [X, W, B], { x: toNchw(x, [n, h, w, c]), w: wt, b: bias });
    const sum = expected.gx.map((v, i) => v + (expected.gp[i] as number));
    expect(relError(dx as Float32Array, sum)).toBeLessThan(1e-4);
    expect(relError(dw as Float32Array, expected.gw)).toBeLessThan(1e-4);
    expect(relError(db as Float32Array, expected.gb)).toBeLessThan(1e-4);
  });

  it.each([0.2, 0, 1.5])('LeakyReLU alpha %f: dX is dY where x > 0 and alpha * dY elsewhere, exact zeros included', async (alpha) => {
    const x = randomValues(2 * 3 * 4 * 5, 21);
    for (const i of [0, 7, 33, 90]) x[i] = 0;
    const expected = tf.tidy(() => {
      const xs = tf.tensor4d(x, [2, 3, 4, 5]);
      const r = tf.tensor(randomValues(x.length, 22), xs.shape);
      return { r: data(r).slice(), g: data(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(a, alpha), r)))(xs)).slice() };
    });
    const b = new GraphBuilder();
    const X = b.input('x', [2, 3, 4, 5]);
    const [dx] = await gradsOf(b, weightedSum(b, b.op1('LeakyRelu', [X], [attr.float('alpha', alpha)]), expected.r), [X], { x });
    expect(relError(dx as Float32Array, expected.g)).toBeLessThan(1e-6);
  });

  it('softmax cross-entropy with class weights and tfjs clipping (a saturated row included)', async () => {
    const [n, k] = [4, 3];
    const z = randomValues(n * k, 16, -2, 2);
    z[0] = 30; // p -> 1: the clip takes over
    const labels = [0, 2, 1, 0];
    const weights = [1.5, 0.5, 1, 1.5];
    const onehot = new Float32Array(n * k);
    labels.forEach((l, i) => (onehot[i * k + l] = 1));
    const expected = tf.tidy(() => {
      const f = (logits: tf.Tensor): tf.Scalar => {
        const p = tf.softmax(logits).clipByValue(1e-7, 1 - 1e-7);
        return tf.div(tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(tf.tensor2d(onehot, [n, k]), tf.log(p)), 1)), tf.tensor1d(weights))), n);
      };
      const zs = tf.tensor2d(z, [n, k]);
      return { loss: f(zs).dataSync()[0] as number, g: data(tf.grad(f)(zs)).slice() };
    });
    const b = new GraphBuilder();
    const Z = b.input('z', [n, k]);
    const p = b.op1('Clip', [b.op1('Softmax', [Z], [attr.int('axis', -1)]), b.scalar(1e-7), b.scalar(1 - 1e-7)]);
    const ce = b.op1('Neg', [b.op1('ReduceSum', [b.op1('Mul', [b.constant(onehot, [n, k]), b.op1('Log', [p])]), b.intConst([1])], [attr.int('keepdims', 0)])]);
    const loss = b.op1('Div', [b.op1('ReduceSum', [b.op1('Mul', [ce, b.constant(weights)])], [attr.int('keepdims', 0)]), b.scalar(n)]);
    b.output(loss, 'loss');
    const [dz] = await gradsOf(b, loss, [Z], { z });
    expect(relError(dz as Float32Array, expected.g)).toBeLessThan(1e-4);
    expect(Math.abs((dz as Float32Array)[0] as number)).toBeLessThan(1e-6);
  });

  it('Adam matches tf.train.adam over three steps (bias correction, lr as an input)', async () => {
    const count = 50;
    const w0 = randomValues(count, 17);
    const grads = [randomValues(count, 18), randomValues(count, 19, -1e-3, 1e-3), randomValues(count, 20)];
    const lrs = [1e-2, 5e-3, 1e-3];
    const b = new GraphBuilder();
    const slot = { weight: b.input('w', [count]), grad: b.input('g', [count]), m: b.input('m', [count]), v: b.input('v', [count]) };
    const scalars = { lr: b.input('lr', []), oneMinusBeta1Power: b.input('c1', []), oneMinusBeta2Power: b.input('c2', []) };
    const [next] = appendAdam(b, [slot], scalars);
    b.output(next!.weight, 'w_out');
    b.output(next!.m, 'm_out');
    b.output(next!.v, 'v_out');
    const variable = tf.variable(tf.tensor1d(w0));
    const optimizer = tf.train.adam(lrs[0]);
    let state: Record<'w' | 'm' | 'v', Float32Array> = { w: w0, m: new Float32Array(count), v: new Float32Array(count) };
    for (let t = 1; t <= 3; t++) {
      (optimizer as unknown as { learningRate: number }).learningRate = lrs[t - 1] as number;
      optimizer.applyGradients([{ name: variable.name, tensor: tf.tensor1d(grads[t - 1] as Float32Array) }]);
      const out = await runGraph(b, { ...state, g: grads[t - 1] as Float32Array, lr: Float32Array.of(lrs[t - 1] as number), c1: Float32Array.of(1 - 0.9 ** t), c2: Float32Array.of(1 - 0.999 ** t) });
      state = { w: out.w_out as Float32Array, m: out.m_out as Float32Array, v: out.v_out as Float32Array };
      const want = variable.dataSync();
      let maxDiff = 0;
      state.w.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (want[i] as number)))));
      expect(maxDiff).toBeLessThan(1e-6);
    }
    optimizer.dispose();
    variable.dispose();
  });
});
