import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';
import { values } from './test-values';

type Backend = 'cpu' | 'wasm';
type GradFn = (...xs: tf.Tensor[]) => tf.Scalar;

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Gradients of `f` w.r.t. every input, computed on `backend`, as plain arrays. */
async function gradsOn(backend: Backend, f: GradFn, inputs: { shape: number[]; data: Float32Array }[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const grads = tf.tidy(() => tf.grads(f)(inputs.map((i) => tf.tensor(i.data, i.shape))));
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return out;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / scale;
}

async function expectSameGrads(f: GradFn, shapes: number[][], seed: number, lo = -1, hi = 1): Promise<void> {
  const inputs = shapes.map((shape, i) => ({ shape, data: values(sizeOf(shape), seed + 7 * i, lo, hi) }));
  const expected = await gradsOn('cpu', f, inputs);
  const actual = await gradsOn('wasm', f, inputs);
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as Float32Array;
    expect(a.length).toBe(e.length);
    expect(relativeError(a, e)).toBeLessThanOrEqual(1e-4);
  });
}

/** Weighted sum, so every output element gets a distinct upstream gradient. */
function weightedSum(y: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(values(y.size, 99), y.shape)));
}

type Pad = 'same' | 'valid';
const convCases: [string, number[], number[], number, Pad][] = [
  ['stride 1 same', [2, 7, 9, 3], [3, 3, 3, 5], 1, 'same'],
  ['stride 1 valid', [2, 8, 6, 4], [3, 3, 4, 2], 1, 'valid'],
  ['stride 2 same odd', [2, 9, 7, 3], [3, 3, 3, 4], 2, 'same'],
  ['stride 2 valid', [3, 10, 11, 2], [3, 3, 2, 3], 2, 'valid'],
  ['5x5 stride 1 same', [1, 9, 8, 2], [5, 5, 2, 3], 1, 'same'],
  ['1x1 stride 1', [2, 5, 5, 6], [1, 1, 6, 4], 1, 'valid'],
  ['2x2 stride 2 even', [2, 8, 8, 3], [2, 2, 3, 3], 2, 'same'],
  ['4x4 stride 3 same', [2, 11, 10, 2], [4, 4, 2, 3], 3, 'same'],
  // Large enough for the shifted-view filter gradient (padded grid within 25% of the output).
  ['large stride 1 same', [2, 24, 20, 3], [3, 3, 3, 4], 1, 'same'],
  ['large stride 1 valid', [1, 22, 26, 2], [3, 3, 2, 5], 1, 'valid'],
];

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
  registerWasmTrainingKernels(); // idempotent
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
  await tf.setBackend('cpu');
});

describe('conv2d gradients on wasm match cpu', () => {
  it.each(convCases)('%s', async (_name, xShape, wShape, stride, pad) => {
    const f: GradFn = (x, w) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad));
    await expectSameGrads(f, [xShape, wShape], 11);
  });
});

describe('conv2d input gradient fallback', () => {
  it('uses the stock wasm kernel for padding larger than the filter', async () => {
    const pad: tf.backend_util.ExplicitPadding = [[0, 0], [3, 2], [1, 3], [0, 0]];
    const f: GradFn = (x, w) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad));
    await expectSameGrads(f, [[2, 6, 7, 2], [3, 3, 2, 3]], 17);
  });
});

describe('depthwise conv2d gradients on wasm match cpu', () => {
  it.each([
    ['stride 1 same x2', [2, 7, 6, 3], [3, 3, 3, 2], 1, 'same'],
    ['stride 2 valid', [2, 9, 8, 4], [3, 3, 4, 1], 2, 'valid'],
  ] as [string, number[], number[], number, Pad][])('%s', async (_name, xShape, wShape, stride, pad) => {
    const f: GradFn = (x, w) => weightedSum(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad));
    await expectSameGrads(f, [xShape, wShape], 13);
  });
});

describe('pooling gradients on wasm match cpu', () => {
  it('max pool with all-negative windows', async () => {
    const f: GradFn = (x) => weightedSum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'));
    await expectSameGrads(f, [[2, 6, 6, 3]], 3, -5, -0.5);
  });

  it.each([
    [2, 2, 'valid', [2, 7, 9, 3]],
    [3, 1, 'same', [1, 7, 6, 4]],
    [3, 2, 'same', [2, 9, 7, 2]],
  ] as [number, number, Pad, number[]][])('max pool %d stride %d %s %j', async (size, stride, pad, shape) => {
    const f: GradFn = (x) => weightedSum(tf.maxPool(x as tf.Tensor4D, size, stride, pad));
    await expectSameGrads(f, [shape], 5);
  });

  it.each([
    [2, 2, 'valid', [2, 6, 8, 3]],
    [3, 1, 'valid', [1, 7, 6, 4]],
    [3, 2, 'valid', [2, 9, 7, 2]],
    [3, 2, 'same', [2, 9, 7, 2]],
    [2, 2, 'same', [1, 5, 5, 3]],
  ] as [number, number, Pad, number[]][])('avg pool %d stride %d %s %j', async (size, stride, pad, shape) => {
    const f: GradFn = (x) => weightedSum(tf.avgPool(x as tf.Tensor4D, size, stride, pad));
    await expectSameGrads(f, [shape], 8);
  });
});

describe('a LeakyReLU -> max-pool conv net', () => {
  it('has the same gradients on wasm and cpu', async () => {
    const f: GradFn = (x, w1, w2) => {
      const h1 = tf.maxPool(tf.leakyRelu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'), 0.2), 2, 2, 'valid');
      const h2 = tf.maxPool(tf.leakyRelu(tf.conv2d(h1, w2 as tf.Tensor4D, 1, 'same'), 0.2), 2, 2, 'valid');
      return weightedSum(h2);
    };
    await expectSameGrads(f, [[2, 12, 12, 2], [3, 3, 2, 4], [3, 3, 4, 5]], 21);
  });
});

describe('training a tfjs-layers model on wasm', () => {
  it('does not leak tensors and lowers the loss', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [24, 24, 1], filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.batchNormalization(),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.averagePooling2d({ poolSize: 1 }),
        tf.layers.flatten(),
        tf.layers.dropout({ rate: 0.1 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const n = 16;
    const xs = tf.tensor4d(values(n * 576, 5), [n, 24, 24, 1]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % 2), 'int32'), 2));
    const first = await model.fit(xs, labels, { epochs: 1, batchSize: 8, verbose: 0 });
    const dataIds = (): number => tf.engine().backend.numDataIds();
    const before = tf.memory().numTensors;
    const beforeData = dataIds();
    const rest = await model.fit(xs, labels, { epochs: 15, batchSize: 8, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(dataIds()).toBe(beforeData); // no backend-level intermediates left behind by the kernels
    const loss0 = first.history['loss']?.[0] as number;
    const lossN = rest.history['loss']?.at(-1) as number;
    expect(lossN).toBeLessThan(loss0);
    tf.dispose([xs, labels]);
    model.dispose();
    await tf.setBackend('cpu');
  });
});
