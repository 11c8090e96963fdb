import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { selectBackend } from '@medimg/core';
import { encodeModel, type OnnxModel } from '@medimg/onnx';
import { CAM_OUTPUT, toOnnx } from './index';
import { probeBatch } from './probe';
import { grayZoo, randomizeBatchNorms, randomizeBiases, residualZoo } from './test-models';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** conv -> BN -> ReLU -> conv(relu) -> maxpool -> GAP -> dropout -> dense softmax (4 classes). */
function gapModel(pool: boolean): tf.LayersModel {
  const input = tf.input({ shape: [12, 10, 1] });
  let x = tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heUniform({ seed: 1 }), name: 'c1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'c1_relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: 2 }), name: 'last_conv' }).apply(x) as tf.SymbolicTensor;
  if (pool) x = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.3, name: 'drop' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), name: 'logits' }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  randomizeBatchNorms(model);
  randomizeBiases(model);
  return model;
}

/**
 * Runs ONNX in onnxruntime on a seeded probe batch of 2 and compares its `cam` output with the CAM computed in tfjs
 * from MODEL: sum_c W[c, k] * F_c of FEATURE's activations, W the `logits` kernel. Returns the largest difference.
 */
async function camAgainstTfjs(model: tf.LayersModel, onnx: OnnxModel, feature: string, seed: number): Promise<{ maxDiff: number; probe: Float32Array; outputs: ort.InferenceSession.ReturnType }> {
  const shape = model.inputs[0]?.shape.slice(1) as [number, number, number];
  const probe = probeBatch(2, shape, seed);
  const session = await ort.InferenceSession.create(encodeModel(onnx));
  const outputs = await session.run({ input: new ort.Tensor('float32', probe, [2, ...shape]) });
  await session.release();
  const expected = tf.tidy(() => {
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer(feature).output as tf.SymbolicTensor }).predict(tf.tensor4d(probe, [2, ...shape])) as tf.Tensor4D;
    const [n, h, w, c] = features.shape;
    const weights = model.getLayer('logits').getWeights()[0] as tf.Tensor2D;
    return tf.matMul(features.reshape([-1, c]), weights).reshape([n, h, w, weights.shape[1]]).transpose([0, 3, 1, 2]).dataSync() as Float32Array;
  });
  const cam = outputs[CAM_OUTPUT]?.data as Float32Array;
  expect(cam).toHaveLength(expected.length);
  let maxDiff = 0;
  cam.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (expected[i] as number)))));
  return { maxDiff, probe, outputs };
}

describe('toOnnx cam output', () => {
  it.each([true, false])('adds `cam` = sum_c W[c, k] * F_c of the last conv activations (pool before GAP: %s), matching tfjs', async (pool) => {
    const model = gapModel(pool);
    const onnx = toOnnx({ model });
    expect(onnx.graph.output.map((o) => o.name)).toEqual(['probabilities', CAM_OUTPUT]);
    expect(onnx.graph.output[1]?.dims).toEqual(['batch', 4, 12, 10]);
    expect(JSON.parse(onnx.metadataProps.find((p) => p.key === 'medimg.cam')?.value ?? '{}')).toEqual({ output: 'cam', feature: 'last_conv', featureShape: [12, 10, 6], activation: 'softmax' });
    const { maxDiff, probe, outputs } = await camAgainstTfjs(model, onnx, 'last_conv', 5);
    expect(maxDiff).toBeLessThan(1e-4);
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(probe, [2, 12, 10, 1])) as tf.Tensor).dataSync() as Float32Array);
    (outputs['probabilities']?.data as Float32Array).forEach((p, i) => expect(Math.abs(p - (probs[i] as number))).toBeLessThan(1e-5));
    model.dispose();
  });

  it('reads the CAM off the last residual block (its ReLU after the Add) and matches tfjs', async () => {
    const model = residualZoo();
    const onnx = toOnnx({ model });
    expect(JSON.parse(onnx.metadataProps.find((p) => p.key === 'medimg.cam')?.value ?? '{}')).toEqual({ output: 'cam', feature: 'r2_relu', featureShape: [4, 3, 6], activation: 'softmax' });
    expect(onnx.graph.node.filter((n) => n.opType === 'Add').map((n) => n.name)).toEqual(['r1_add', 'r2_add/add0', 'r2_add']);
    expect((await camAgainstTfjs(model, onnx, 'r2_relu', 8)).maxDiff).toBeLessThan(1e-4);
    model.dispose();
  });

  it('leaves it out when asked, and for architectures without a GAP -> dense tail', () => {
    const model = gapModel(true);
    expect(toOnnx({ model, camOutput: false }).graph.output).toHaveLength(1);
    model.dispose();
    const zoo = grayZoo();
    const onnx = toOnnx({ model: zoo });
    expect(onnx.graph.output.map((o) => o.name)).toEqual(['probabilities']);
    expect(onnx.metadataProps.some((p) => p.key === 'medimg.cam')).toBe(false);
    zoo.dispose();
  });
});
