import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { finishMap } from './finish-map';
import { upsampleBilinear } from './upsample-bilinear';
import { npyBytes } from './write-npy';
import { jet } from './colormap';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('upsampleBilinear / finishMap', () => {
  it('matches tf.image.resizeBilinear with half-pixel centres (integer and fractional factors)', () => {
    const data = Float32Array.from({ length: 4 * 5 }, (_, i) => Math.sin(i * 1.7) * 3);
    for (const [w, h] of [[20, 16], [13, 7], [64, 64]] as const) {
      const ours = upsampleBilinear({ width: 5, height: 4, data }, w, h);
      const ref = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(data, [4, 5, 1]), [h, w], false, true).dataSync() as Float32Array);
      let diff = 0;
      ours.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - (ref[i] as number)))));
      expect(diff).toBeLessThan(1e-5);
    }
  });

  it('applies ReLU, normalises to [0, 1] and returns zeros for a map without positive evidence', () => {
    const f = finishMap({ width: 2, height: 2, data: Float32Array.of(-1, 2, 4, 0) }, 4, 4);
    expect(f.peak).toBe(4);
    expect(Array.from(f.lowRes.data)).toEqual([0, 2, 4, 0]);
    expect(Math.max(...f.data)).toBeCloseTo(1, 6);
    expect(Math.min(...f.data)).toBeCloseTo(0, 6);
    expect(f.data[12]).toBeCloseTo(1, 6); // bottom-left corner clamps to the 4
    const none = finishMap({ width: 2, height: 2, data: Float32Array.of(-1, -2, -3, 0) }, 4, 4);
    expect(none.peak).toBe(0);
    expect(Array.from(none.data).every((v) => v === 0)).toBe(true);
  });
});

describe('npyBytes', () => {
  it('writes a NumPy 1.0 header (64-byte aligned) and little-endian float32 data', () => {
    const bytes = npyBytes(Float32Array.of(0.5, -1, 2, 3, 4, 5), [2, 3]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerLength = bytes[8]! + 256 * bytes[9]!;
    expect((10 + headerLength) % 64).toBe(0);
    const header = String.fromCharCode(...bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    const view = new DataView(bytes.buffer, 10 + headerLength);
    expect([0, 1, 2, 3, 4, 5].map((i) => view.getFloat32(i * 4, true))).toEqual([0.5, -1, 2, 3, 4, 5]);
  });
});

describe('jet', () => {
  it('runs blue -> green -> red', () => {
    expect(jet(0)).toEqual([0, 0, 128]);
    expect(jet(0.5)).toEqual([128, 255, 128]);
    expect(jet(1)).toEqual([128, 0, 0]);
  });
});
