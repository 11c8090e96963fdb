import { flattenPerm, hwioToOihw, samePads } from './layout';

describe('ONNX layout helpers', () => {
  it('pads like TF SAME (extra pixel at the end)', () => {
    expect(samePads(15, 3, 1)).toEqual([1, 1]);
    expect(samePads(8, 3, 2)).toEqual([0, 1]);
    expect(samePads(7, 2, 2)).toEqual([0, 1]);
    expect(samePads(8, 2, 2)).toEqual([0, 0]);
    expect(samePads(9, 3, 1, 2)).toEqual([2, 2]);
  });

  it('maps NCHW flatten positions to Keras NHWC feature indices', () => {
    // H=1, W=2, C=3: NCHW order c0w0 c0w1 c1w0 c1w1 c2w0 c2w1; Keras index (w*3 + c)
    expect(Array.from(flattenPerm(1, 2, 3)!)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(flattenPerm(1, 1, 5)).toBeNull();
  });

  it('transposes HWIO kernels to OIHW', () => {
    // kh=1, kw=2, in=1, out=2: HWIO values [x0o0, x0o1, x1o0, x1o1]
    expect(Array.from(hwioToOihw(Float32Array.from([1, 2, 3, 4]), [1, 2, 1, 2]))).toEqual([1, 3, 2, 4]);
  });
});
