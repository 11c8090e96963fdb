import './index';
import { describeArchitecture } from './describe-architecture';

describe('describeArchitecture', () => {
  it('lists compact-cnn layer by layer, with the parameters of the built model', () => {
    const spec = describeArchitecture('compact-cnn', [128, 128, 1], 2);
    // 296,042 in all; 976 of them are batch norm's moving mean and variance (not trainable).
    expect(spec.params).toEqual({ total: 296_042, trainable: 295_066 });
    expect(spec.layers.reduce((n, l) => n + l.params, 0)).toBe(spec.params.trainable);
    expect(spec.layers.slice(0, 4)).toEqual([
      { kind: 'rescale', name: 'rescale', scale: 1 / 255, offset: 0, outputShape: [128, 128, 1], params: 0 },
      { kind: 'conv2d', name: 'stem', filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same', useBias: false, outputShape: [64, 64, 8], params: 72 },
      { kind: 'batchnorm', name: 'stem_bn', epsilon: 0.001, momentum: 0.9, outputShape: [64, 64, 8], params: 16 },
      { kind: 'relu', name: 'stem_relu', outputShape: [64, 64, 8], params: 0 },
    ]);
    expect(spec.layers.filter((l) => l.kind === 'conv2d').map((l) => (l.kind === 'conv2d' ? l.filters : 0))).toEqual([8, 16, 16, 32, 32, 64, 64, 128, 128]);
    expect(spec.layers.slice(-4).map((l) => l.kind)).toEqual(['gap', 'dropout', 'dense', 'softmax']);
    expect(spec.layers.at(-2)).toMatchObject({ units: 2, useBias: true, params: 258 });
  });

  it('describes refkit-cnn (no biases, LeakyReLU, flatten)', () => {
    const spec = describeArchitecture('refkit-cnn', [128, 128, 1], 2);
    expect(spec.layers.filter((l) => l.kind === 'leakyrelu')).toHaveLength(17);
    expect(spec.layers.find((l) => l.kind === 'flatten')?.outputShape).toEqual([2 * 2 * 512]);
    expect(spec.layers.every((l) => !('useBias' in l) || l.useBias === false)).toBe(true);
    expect(spec.params.trainable).toBe(spec.params.total);
  });
});
