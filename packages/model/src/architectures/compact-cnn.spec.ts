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

  it('refuses an input smaller than 32x32 with the fix, instead of a backend crash', () => {
    const build = getArchitecture('compact-cnn');
    for (const size of [16, 24, 31]) {
      expect(() => build({ inputShape: [size, size, 1], numClasses: 2 })).toThrow(new RegExp(`Error in compact-cnn: expected an input of at least 32x32 .*got ${size}x${size}\\. Fix: use --image-size 32 or more`));
    }
    const smallest = build({ inputShape: [32, 48, 1], numClasses: 2 });
    expect(smallest.outputs[0]!.shape).toEqual([null, 2]);
    smallest.dispose();
  });
});
