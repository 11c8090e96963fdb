import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { GraphBuilder, rewriteConvsToNchwc } from '@medimg/autodiff';
import { attr, encodeModel, hwioToOihw } from '@medimg/onnx';
import { getArchitecture } from '@medimg/model';
import { buildEvalGraph } from './lower-training';
import { probeNchwcBlock } from './nchwc-probe';

describe('NCHWc Convs', () => {
  it('finds the blocked-kernel size on x64 (AVX2: 8, AVX-512: 16), and a rewritten graph predicts as the plain one', async () => {
    const block = await probeNchwcBlock(ort);
    if (process.arch === 'x64') expect([8, 16]).toContain(block);
    if (block === undefined) return;
    // compact-cnn at 32x32: Convs whose input channels are a multiple of the block are rewritten, the 1->8 stem is not
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 2 });
    const plain = buildEvalGraph(model, 3);
    const blocked = buildEvalGraph(model, 3, { nchwcBlock: block });
    const convs = (g: typeof plain): string[] => g.model.graph.node.filter((n) => n.opType === 'Conv').map((n) => n.domain ?? '');
    expect(convs(plain).every((d) => d === '')).toBe(true);
    expect(convs(blocked).filter((d) => d === 'com.microsoft.nchwc').length).toBe(block === 16 ? 7 : 8);
    expect(blocked.model.opsetImport).toContainEqual({ domain: 'com.microsoft.nchwc', version: 1 });
    const feeds: Record<string, ort.Tensor> = { image: new ort.Tensor('uint8', Uint8Array.from({ length: 3 * 32 * 32 }, (_, i) => (i * 37) % 256), [3, 32, 32, 1]) };
    for (const s of [...plain.params, ...plain.states]) {
      const v = model.weights.find((w) => w.name === s.variable) as tf.LayerVariable;
      const values = v.read().dataSync() as Float32Array;
      const data = s.layout === 'hwio' ? hwioToOihw(values, s.tfjsShape as [number, number, number, number]) : Float32Array.from(values);
      feeds[s.name] = new ort.Tensor('float32', data, s.onnxShape);
    }
    const out: Float32Array[] = [];
    for (const g of [plain, blocked]) {
      const session = await ort.InferenceSession.create(encodeModel(g.model), { intraOpNumThreads: 1 });
      out.push(Float32Array.from((await session.run(feeds)).probabilities?.data as Float32Array));
      await session.release();
    }
    const d = Math.max(...Array.from(out[1] as Float32Array).map((v, i) => Math.abs(v - ((out[0] as Float32Array)[i] as number))));
    expect(d).toBeLessThan(1e-5);
    model.dispose();
  });

  it('blocked Convs with zero-padded output channels, bias and stride 2 compute what the plain Convs do', async () => {
    const block = await probeNchwcBlock(ort);
    if (process.arch === 'x64') expect([8, 16]).toContain(block);
    if (block === undefined) return;
    const half = block / 2;
    // [input channels, output channels, stride, bias]: padded output; padded output + bias at stride 2; both
    // multiples; fewer input channels than the block (left plain)
    const cases: [number, number, number, boolean][] = [[block, half, 1, false], [2 * block, block + half, 2, true], [block, 2 * block, 1, true], [half, block, 1, false]];
    const feeds: Record<string, ort.Tensor> = {};
    const graph = (nchwc: boolean): Uint8Array => {
      const b = new GraphBuilder();
      cases.forEach(([c, o, s, bias], i) => {
        const x = b.input(`x${i}`, [2, c, 9, 7]);
        const inputs = [x, b.input(`w${i}`, [o, c, 3, 3])];
        if (bias) inputs.push(b.input(`b${i}`, [o]));
        b.output(b.op1('Conv', inputs, [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [s, s]), attr.ints('pads', [1, 1, 1, 0])]), `y${i}`);
        feeds[`x${i}`] = new ort.Tensor('float32', Float32Array.from({ length: 2 * c * 63 }, (_, k) => Math.sin(k * 0.37 + i)), [2, c, 9, 7]);
        feeds[`w${i}`] = new ort.Tensor('float32', Float32Array.from({ length: o * c * 9 }, (_, k) => Math.cos(k * 0.11 + i) * 0.1), [o, c, 3, 3]);
        if (bias) feeds[`b${i}`] = new ort.Tensor('float32', Float32Array.from({ length: o }, (_, k) => 0.01 * k - 0.05), [o]);
      });
      if (nchwc) expect(rewriteConvsToNchwc(b, block)).toBe(cases.length - 1);
      return encodeModel(b.model('nchwc_kinds'));
    };
    const outputs: Record<string, ort.Tensor>[] = [];
    for (const bytes of [graph(false), graph(true)]) {
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
      outputs.push(await session.run(feeds));
      await session.release();
    }
    cases.forEach((_, i) => {
      const [plain, blocked] = outputs.map((o) => o[`y${i}`] as ort.Tensor);
      expect(blocked?.dims).toEqual(plain?.dims);
      const want = plain?.data as Float32Array;
      const d = Math.max(...Array.from(blocked?.data as Float32Array).map((v, k) => Math.abs(v - (want[k] as number))));
      expect(d).toBeLessThan(1e-5);
    });
  });
});
