import * as tf from '@tensorflow/tfjs';
import { countParams } from '../count-params';
import { getArchitecture } from '../index';

describe('compact-cnn', () => {
  it('stays under 2M params, outputs a softmax and is seeded', () => {
    const before = tf.memory().numTensors;
    const a = getArchitecture('compact-cnn')({ inputShape: [64, 64, 1], numClasses: 2, seed: 7 });
    const b = getArchitecture('compact-cnn')({ inputShape: [64, 64, 1], numClasses: 2, seed: 7 });
    const c = getArchitecture('compact-cnn')({ inputShape: [64, 64, 1], numClasses: 2, seed: 8 });
    expect(countParams(a).trainable).toBeLessThan(2_000_000);
    const wide = getArchitecture('compact-cnn-wide')({ inputShape: [64, 64, 1], numClasses: 2 });
    expect(countParams(wide).trainable).toBeLessThan(2_000_000);
    wide.dispose();
    const sums = tf.tidy(() => {
      const x = tf.randomUniform([3, 64, 64, 1], 0, 1, 'float32', 1);
      const out = a.predict(x) as tf.Tensor;
      return { shape: out.shape, rowSums: Array.from(out.sum(1).dataSync()) };
    });
    expect(sums.shape).toEqual([3, 2]);
    for (const s of sums.rowSums) expect(s).toBeCloseTo(1, 5);
    const w = (m: tf.LayersModel): Float32Array => m.getWeights()[0]!.dataSync() as Float32Array;
    expect(Array.from(w(a))).toEqual(Array.from(w(b)));
    expect(Array.from(w(a))).not.toEqual(Array.from(w(c)));
    a.dispose();
    b.dispose();
    c.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 0);
  });
});
