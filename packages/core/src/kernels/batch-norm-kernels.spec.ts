import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';
import { values } from './test-values';

type Backend = 'cpu' | 'wasm';
type DType = 'float32' | 'int32' | 'bool';

function input(shape: number[], dtype: DType, seed: number): tf.Tensor {
  const v = values(tf.util.sizeFromShape(shape), seed, -100, 100);
  if (dtype === 'int32') return tf.tensor(Int32Array.from(v, Math.round), shape, 'int32');
  if (dtype === 'bool') return tf.tensor(Uint8Array.from(v, (a) => (a > 0 ? 1 : 0)), shape, 'bool');
  return tf.tensor(v, shape);
}

/** Runs `f` on `backend` and returns its result's shape, dtype and values. */
async function on(backend: Backend, f: () => tf.Tensor): Promise<{ shape: number[]; dtype: string; data: number[] }> {
  await tf.setBackend(backend);
  const y = tf.tidy(f);
  const out = { shape: y.shape, dtype: y.dtype, data: Array.from(y.dataSync()) };
  y.dispose();
  return out;
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / scale;
}

async function expectSameResult(f: () => tf.Tensor, tolerance: number): Promise<void> {
  const expected = await on('cpu', f);
  const actual = await on('wasm', f);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.data.length).toBe(expected.data.length);
  expect(relativeError(actual.data, expected.data)).toBeLessThanOrEqual(tolerance);
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
  await tf.setBackend('cpu');
});

describe('Tile on wasm matches cpu', () => {
  it.each([
    ['channel vector to NHWC', [1, 1, 1, 5], [2, 3, 4, 1], 'float32'],
    ['every axis', [3, 1, 2], [2, 4, 3], 'float32'],
    ['no-op reps', [2, 3], [1, 1], 'float32'],
    ['inner axis only', [4, 3], [1, 5], 'float32'],
    ['int32', [2, 2], [3, 2], 'int32'],
    ['bool', [3], [4], 'bool'],
    ['zero reps', [2, 3], [0, 2], 'float32'],
  ] as [string, number[], number[], DType][])('%s %j x %j %s', async (_name, shape, reps, dtype) => {
    await expectSameResult(() => tf.tile(input(shape, dtype, 3), reps), 0);
  });
});

type ReduceCase = [string, number[], number | number[] | undefined, boolean, DType];
const reduceCases: ReduceCase[] = [
  ['NHWC leading', [3, 5, 7, 6], [0, 1, 2], false, 'float32'],
  ['NHWC leading keepDims', [3, 5, 7, 6], [0, 1, 2], true, 'float32'],
  ['leading, unsorted and negative', [4, 3, 5], [-2, 0], false, 'float32'],
  ['first axis keepDims', [7, 9], 0, true, 'float32'],
  ['not leading', [3, 4, 5], [1, 2], false, 'float32'],
  ['not leading, gap', [3, 4, 5], [0, 2], true, 'float32'],
  ['all axes', [3, 4, 5], undefined, false, 'float32'],
  ['all axes keepDims', [2, 3, 5], [0, 1, 2], true, 'float32'],
  ['many rows', [33, 65, 17, 3], [0, 1, 2], false, 'float32'],
  ['int32 leading', [5, 6, 3], [0, 1], false, 'int32'],
  ['int32 all', [5, 7], undefined, true, 'int32'],
  ['empty rows', [0, 3], 0, false, 'float32'],
];

describe('Sum and Mean on wasm match cpu', () => {
  it.each(reduceCases)('sum %s %j axis %j keepDims %s %s', async (_name, shape, axis, keepDims, dtype) => {
    await expectSameResult(() => tf.sum(input(shape, dtype, 11), axis, keepDims), 1e-5);
  });

  it.each(reduceCases.filter(([, shape]) => tf.util.sizeFromShape(shape) > 0))(
    'mean %s %j axis %j keepDims %s %s',
    async (_name, shape, axis, keepDims, dtype) => {
      await expectSameResult(() => tf.mean(input(shape, dtype, 17), axis, keepDims), 1e-5);
    },
  );

  it('sums float32 over 100k rows with relative error <= 1e-6 of a float64 sum', async () => {
    const rows = 100_000;
    const data = values(rows * 3, 5, 0.5, 1.5);
    const exact = [0, 0, 0];
    data.forEach((v, i) => (exact[i % 3] = (exact[i % 3] as number) + v));
    const actual = await on('wasm', () => tf.sum(tf.tensor(data, [rows, 3]), 0));
    expect(relativeError(actual.data, exact)).toBeLessThanOrEqual(1e-6);
  });
});

/** Weighted sum, so every output element gets a distinct upstream gradient. */
function weightedSum(y: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(values(y.size, 99), y.shape)));
}

/** conv3x3 -> batch norm with batch statistics (as tfjs-layers in training) -> ReLU -> weighted sum. */
function convBnRelu(x: tf.Tensor, w: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Scalar {
  const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
  const { mean, variance } = tf.moments(y, [0, 1, 2]);
  return weightedSum(tf.relu(tf.batchNorm(y, mean, variance, beta, gamma, 1e-3)));
}

async function convBnReluGrads(backend: Backend): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const shapes = [[3, 7, 5, 2], [3, 3, 2, 6], [6], [6]];
  const grads = tf.tidy(() => tf.grads(convBnRelu)(shapes.map((s, i) => tf.tensor(values(tf.util.sizeFromShape(s), 31 + i), s))));
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return out;
}

describe('a conv -> batch norm -> ReLU net', () => {
  it('has the same gradients (x, filter, gamma, beta) on wasm and cpu', async () => {
    const expected = await convBnReluGrads('cpu');
    const actual = await convBnReluGrads('wasm');
    expected.forEach((e, i) => expect(relativeError(actual[i] as Float32Array, e)).toBeLessThanOrEqual(1e-4));
  });

  it('leaves no tensors or wasm data behind', async () => {
    await convBnReluGrads('wasm');
    const dataIds = (): number => tf.engine().backend.numDataIds();
    const tensors = tf.memory().numTensors;
    const data = dataIds();
    for (let i = 0; i < 3; i++) {
      await convBnReluGrads('wasm');
      tf.tidy(() => {
        tf.tile(input([2, 1, 3], 'int32', 1), [2, 3, 1]);
        tf.sum(input([3, 4], 'float32', 2), 1); // stock fallback
        tf.mean(input([3, 4], 'int32', 2), 0);
      });
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(dataIds()).toBe(data);
    await tf.setBackend('cpu');
  });
});
