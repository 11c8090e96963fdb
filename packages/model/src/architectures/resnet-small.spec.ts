import * as tf from '@tensorflow/tfjs';
import { countParams } from '../count-params';
import { describeArchitecture } from '../describe-architecture';
import { getArchitecture } from '../index';

describe('resnet-small', () => {
  it('has projection shortcuts where the shape changes, identity where not, a softmax output, and is seeded', () => {
    const before = tf.memory().numTensors;
    const a = getArchitecture('resnet-small')({ inputShape: [64, 64, 1], numClasses: 2, seed: 3 });
    const b = getArchitecture('resnet-small')({ inputShape: [64, 64, 1], numClasses: 2, seed: 3 });
    const adds = a.layers.filter((l) => l.getClassName() === 'Add');
    expect(adds.map((l) => l.name)).toEqual(['block1_add', 'block2_add', 'block3_add', 'block4_add']);
    // block1 adds the stem's ReLU output itself; later blocks add a 1x1 stride-2 projection.
    expect(adds[0]!.inboundNodes[0]!.inboundLayers.map((l) => l.name)).toEqual(['block1_conv2_bn', 'stem_relu']);
    expect(adds[1]!.inboundNodes[0]!.inboundLayers.map((l) => l.name)).toEqual(['block2_conv2_bn', 'block2_proj_bn']);
    expect(a.getLayer('block4_relu').outputShape).toEqual([null, 4, 4, 128]);
    expect(countParams(a).trainable).toBeLessThan(400_000);
    const out = tf.tidy(() => {
      const y = a.predict(tf.randomUniform([3, 64, 64, 1], 0, 1, 'float32', 1)) as tf.Tensor;
      return { shape: y.shape, sums: Array.from(y.sum(1).dataSync()) };
    });
    expect(out.shape).toEqual([3, 2]);
    for (const s of out.sums) expect(s).toBeCloseTo(1, 5);
    expect(Array.from(a.getWeights()[0]!.dataSync())).toEqual(Array.from(b.getWeights()[0]!.dataSync()));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is described with explicit inputs for every add and branch, and 224 px works (SAME padding rounds up)', () => {
    const spec = describeArchitecture('resnet-small', [224, 224, 1], 2);
    expect(spec.layers.reduce((n, l) => n + l.params, 0)).toBe(spec.params.trainable);
    const byName = new Map(spec.layers.map((l) => [l.name, l] as const));
    expect(byName.get('block1_add')).toMatchObject({ kind: 'add', inputs: ['block1_conv2_bn', 'stem_relu'], outputShape: [112, 112, 16] });
    expect(byName.get('block2_add')).toMatchObject({ inputs: ['block2_conv2_bn', 'block2_proj_bn'], outputShape: [56, 56, 32] });
    expect(byName.get('block2_proj')).toMatchObject({ kind: 'conv2d', kernelSize: [1, 1], strides: [2, 2], inputs: ['block1_relu'], params: 16 * 32 });
    expect(byName.get('block4_relu')?.outputShape).toEqual([14, 14, 128]);
    // Every named input exists earlier in the list (a topological order).
    const seen = new Set(['input']);
    for (const l of spec.layers) {
      for (const i of l.inputs ?? []) expect(seen.has(i)).toBe(true);
      seen.add(l.name);
    }
    // stem 144 + 32, blocks 4,672 + 14,528 + 57,728 + 230,144 (convs, BN gamma/beta, projections), dense 258.
    expect(spec.params.trainable).toBe(307_506);
  });
});
