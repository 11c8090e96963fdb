import { GraphBuilder, rewriteConvsToNchwc } from '@medimg/autodiff';
import { attr, encodeModel } from '@medimg/onnx';

type Ort = typeof import('onnxruntime-node');

/** Max |a - b| / max |b|. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let scale = 1e-12;
  b.forEach((v, i) => {
    d = Math.max(d, Math.abs((a[i] as number) - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return d / scale;
}

/** A stride-2 SAME Conv with bias on `channels` channels; with `block`, rewritten to the blocked layout. */
function probeGraph(channels: number, block?: number): Uint8Array {
  const b = new GraphBuilder();
  const x = b.input('x', [2, channels, 7, 6]);
  const w = b.input('w', [channels, channels, 3, 3]);
  const bias = b.input('b', [channels]);
  const y = b.op1('Conv', [x, w, bias], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 0, 1, 1])]);
  b.output(y, 'y');
  if (block !== undefined) rewriteConvsToNchwc(b, block);
  return encodeModel(b.model('nchwc_probe'));
}

/**
 * The NCHWc block size of this machine's onnxruntime CPU kernels (16 with AVX-512, 8 with AVX2), found by running
 * a blocked Conv against the plain one for each candidate; undefined when neither matches (e.g. no blocked kernels
 * on this CPU), and the engine then keeps plain Convs.
 */
export async function probeNchwcBlock(ort: Ort): Promise<number | undefined> {
  for (const block of [16, 8]) {
    const channels = 2 * block;
    const feeds = {
      x: new ort.Tensor('float32', Float32Array.from({ length: 2 * channels * 42 }, (_, i) => Math.sin(i * 0.37)), [2, channels, 7, 6]),
      w: new ort.Tensor('float32', Float32Array.from({ length: channels * channels * 9 }, (_, i) => Math.cos(i * 0.11) * 0.1), [channels, channels, 3, 3]),
      b: new ort.Tensor('float32', Float32Array.from({ length: channels }, (_, i) => i * 0.01), [channels]),
    };
    try {
      const outputs: Float32Array[] = [];
      for (const graph of [probeGraph(channels), probeGraph(channels, block)]) {
        const session = await ort.InferenceSession.create(graph, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
        try {
          outputs.push((await session.run(feeds)).y?.data as Float32Array);
        } finally {
          await session.release();
        }
      }
      if (relDiff(outputs[1] as Float32Array, outputs[0] as Float32Array) < 1e-5) return block;
    } catch {
      // this build or CPU has no blocked Conv of that size: try the next
    }
  }
  return undefined;
}
