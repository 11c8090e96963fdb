import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { encodeModel, hwioToOihw } from '@medimg/onnx';
import { getArchitecture } from '@medimg/model';
import { buildEvalGraph } from './lower-training';
import { probeNchwcBlock } from './nchwc-probe';

describe('NCHWc Convs', () => {
  it('finds the blocked-kernel size on x64 (AVX2: 8, AVX-512: 16), and a rewritten graph predicts as the plain one', async () => {
    const block = await probeNchwcBlock(ort);
    if (process.arch === 'x64') expect([8, 16]).toContain(block);
    if (block === undefined) return;
    // compact-cnn at 32x32: 16..128-channel Convs are rewritten, the 1->8 stem and 8->16 Conv are not
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 2 });
    const plain = buildEvalGraph(model, 3);
    const blocked = buildEvalGraph(model, 3, { nchwcBlock: block });
    const convs = (g: typeof plain): string[] => g.model.graph.node.filter((n) => n.opType === 'Conv').map((n) => n.domain ?? '');
    expect(convs(plain).every((d) => d === '')).toBe(true);
    expect(convs(blocked).filter((d) => d === 'com.microsoft.nchwc').length).toBeGreaterThanOrEqual(block === 16 ? 7 : 8);
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
});
