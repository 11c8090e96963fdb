import * as ort from 'onnxruntime-node';
import { createModelCard, isValidationError } from '@medimg/core';
import { encodeModel } from '@medimg/onnx';
import { tinyDenseOnnx } from '@medimg/onnx/testing';
import { createOrtSession } from './ort-session';

const H = 3;
const kernel = Float32Array.from({ length: H * H * 2 }, (_, i) => Math.cos(i * 0.9));
const bias = Float32Array.of(0.25, -0.5);
const model = encodeModel(tinyDenseOnnx({
  side: H, kernel, bias,
  card: createModelCard({ architecture: 'tiny-dense', classNames: ['a', 'b'], positiveClass: 1, preprocessing: { imageSize: H, channels: 1, resize: 'stretch', scale: 'in-graph' }, threshold: 0.5, thresholdPolicy: { name: 'youden', on: 'validation' } }),
}));
const pixels = Float32Array.from({ length: 2 * H * H }, (_, i) => (i * 41) % 256);

/** softmax(pixels / 255 . kernel + bias) per image, computed here. */
function expected(): number[] {
  const out: number[] = [];
  for (let n = 0; n < 2; n++) {
    const z = [0, 1].map((k) => (bias[k] as number) + Array.from({ length: H * H }, (_, i) => ((pixels[n * H * H + i] as number) / 255) * (kernel[i * 2 + k] as number)).reduce((a, b) => a + b, 0));
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    out.push(...e.map((v) => v / e.reduce((a, b) => a + b, 0)));
  }
  return out;
}

describe('createOrtSession', () => {
  it.each([true, false])('runs the model with intra-op spinning %p (same probabilities either way)', async (spinning) => {
    const session = await createOrtSession(model, { threads: 2, spinning });
    try {
      const out = await session.run({ input: new ort.Tensor('float32', pixels, [2, H, H, 1]) });
      const probs = Array.from(out.probabilities?.data as Float32Array);
      expected().forEach((p, i) => expect(probs[i]).toBeCloseTo(p, 5));
    } finally {
      await session.release();
    }
  });

  it('refuses a bad thread count and a non-boolean spinning flag, naming both', async () => {
    const error = await createOrtSession(model, { threads: 0, spinning: 'yes' as unknown as boolean }).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('threads must be an integer >= 1; got 0');
    expect((error as Error).message).toContain('spinning must be true or false; got "yes"');
  });
});
