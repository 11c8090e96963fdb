/** TF SAME padding for one spatial axis: [before, after] (the extra pixel goes after, as ONNX SAME_UPPER). */
export function samePads(size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Conv kernel HWIO [kh, kw, in, out] (tfjs) -> OIHW [out, in, kh, kw] (ONNX). */
export function hwioToOihw(kernel: Float32Array, [kh, kw, cin, cout]: readonly [number, number, number, number]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = kernel[((y * kw + x) * cin + i) * cout + o] as number;
  return out;
}

/** The inverse of hwioToOihw: OIHW -> HWIO, given the HWIO shape. */
export function oihwToHwio(kernel: Float32Array, [kh, kw, cin, cout]: readonly [number, number, number, number]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((y * kw + x) * cin + i) * cout + o] = kernel[((o * cin + i) * kh + y) * kw + x] as number;
  return out;
}
