import * as tf from '@tensorflow/tfjs';
import { encodeWeights, toFloat16Bits } from './encode-weights';

describe('weight encoding', () => {
  it('converts float32 to IEEE half bits with round-to-nearest-even', () => {
    expect([1, -2, 0.5, 65504, 65520, 1e-8, 2 ** -24, 0, -0].map(toFloat16Bits)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0, 1, 0, 0x8000]);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(NaN) & 0x7c00).toBe(0x7c00);
  });

  it('decodes through tfjs to the original values within the format precision', () => {
    const data = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 - 0.5);
    for (const [compress, tol] of [['float16', 3 * 2 ** -11], ['uint8', (6 / 255) * 0.51]] as const) {
      const { specs, data: bytes } = encodeWeights([{ name: 'w', shape: [50], data }], compress);
      const decoded = tf.io.decodeWeights(bytes.buffer.slice(0) as ArrayBuffer, specs);
      const values = decoded['w']!.dataSync();
      decoded['w']!.dispose();
      let worst = 0;
      values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - data[i]!))));
      expect(worst).toBeGreaterThan(0);
      expect(worst).toBeLessThanOrEqual(tol);
    }
  });

  it('keeps zero exact under uint8 affine quantization', () => {
    const data = Float32Array.from([0, 0.3, -1.7, 2.2, 0]);
    const { specs, data: bytes } = encodeWeights([{ name: 'b', shape: [5], data }], 'uint8');
    const decoded = tf.io.decodeWeights(bytes.buffer.slice(0) as ArrayBuffer, specs);
    const v = decoded['b']!.dataSync();
    decoded['b']!.dispose();
    expect([v[0], v[4]]).toEqual([0, 0]);
  });
});
