import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { pixelScaleOf } from './pixel-scale';

describe('pixelScaleOf', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });

  const build = (first?: tf.layers.Layer, sequential = false): tf.LayersModel => {
    if (sequential) {
      const m = tf.sequential();
      if (first !== undefined) m.add(first);
      m.add(tf.layers.flatten(first === undefined ? { inputShape: [4, 4, 1] } : {}));
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }
    const input = tf.input({ shape: [4, 4, 1] });
    const x = first === undefined ? input : (first.apply(input) as tf.SymbolicTensor);
    const y = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(tf.layers.flatten().apply(x)) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: y });
  };

  it('is in-graph only for a first Rescaling(1/255) layer (functional or sequential)', () => {
    expect(pixelScaleOf(build(tf.layers.rescaling({ scale: 1 / 255 })))).toBe('in-graph');
    expect(pixelScaleOf(build(tf.layers.rescaling({ inputShape: [4, 4, 1], scale: 1 / 255 }), true))).toBe('in-graph');
    expect(pixelScaleOf(build())).toBe('unit');
    expect(pixelScaleOf(build(undefined, true))).toBe('unit');
    expect(pixelScaleOf(build(tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 })))).toBe('unit');
  });
});
