import { activationParams, quantizeWeights } from './index';
import { quantizeBias } from './quant-params';

describe('quantization parameters', () => {
  it('uint8 asymmetric: [-1, 3] -> scale 4/255, zero point 64', () => {
    const p = activationParams({ min: -1, max: 3 }, 'uint8');
    expect(p.scale).toBeCloseTo(4 / 255, 9);
    expect(p.zeroPoint).toBe(64);
  });
  it('uint8 keeps 0 exactly representable for post-ReLU ranges and int8 is symmetric', () => {
    const relu = activationParams({ min: 0.5, max: 2.55 }, 'uint8');
    expect(relu.scale).toBeCloseTo(0.01, 12);
    expect(relu.zeroPoint).toBe(0);
    const s = activationParams({ min: -2, max: 1.27 }, 'int8');
    expect(s.zeroPoint).toBe(0);
    expect(s.scale).toBeCloseTo(2 / 127, 9);
    expect(activationParams({ min: 0, max: 0 }, 'uint8').scale).toBe(1);
  });
  it('weights: int8 symmetric per channel, round trip error <= scale / 2', () => {
    const w = Float32Array.from([0.5, -1, 0.25, 0.1, 2, -0.02, 0, 0, 0]);
    const { q, scales } = quantizeWeights(w, 3);
    expect(Array.from(scales)).toEqual([Math.fround(1 / 127), Math.fround(2 / 127), 1]);
    expect(Array.from(q.slice(0, 3))).toEqual([64, -127, 32]);
    expect(q[4]).toBe(127);
    expect(Array.from(q.slice(6))).toEqual([0, 0, 0]);
    w.forEach((v, i) => expect(Math.abs((q[i] ?? 0) * (scales[Math.floor(i / 3)] ?? 0) - v)).toBeLessThanOrEqual((scales[Math.floor(i / 3)] ?? 0) / 2 + 1e-9));
  });
  it('bias: int32 with scale = input scale x weight scale', () => {
    const { q, scales } = quantizeBias(Float32Array.from([0.3, -0.6]), 0.01, Float32Array.from([0.5, 0.1]));
    expect(scales[0]).toBeCloseTo(0.005, 9);
    expect(scales[1]).toBeCloseTo(0.001, 9);
    expect(Array.from(q)).toEqual([60, -600]);
  });
});
