import { createOrtSession, loadOrt } from '@medimg/runtime';
import { attr, encodeModel, floatTensor, node, valueInfo, type OnnxModel } from '@medimg/onnx';
import { fuseMatMulAdd } from './fuse-matmul-add';

function model(): OnnxModel {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 't',
    producerVersion: '0',
    metadataProps: [],
    graph: {
      name: 'g',
      node: [
        node('Flatten', ['x'], ['f'], [attr.int('axis', 1)], 'flat'),
        node('MatMul', ['f', 'W'], ['mm'], [], 'dense'),
        node('Add', ['mm', 'b'], ['z'], [], 'dense_add'),
        node('Relu', ['z'], ['y'], [], 'relu'),
      ],
      initializer: [floatTensor('W', [4, 2], Float32Array.from([1, -1, 0.5, 2, -3, 1, 0, 1])), floatTensor('b', [2], Float32Array.from([0.5, -0.5]))],
      input: [valueInfo('x', ['batch', 2, 2])],
      output: [valueInfo('y', ['batch', 2])],
    },
  };
}

it('fuses MatMul + bias Add on a 2-D input into Gemm with the same outputs', async () => {
  const m = model();
  const { graph, fused } = fuseMatMulAdd(m.graph);
  expect(fused).toBe(1);
  expect(graph.node.map((n) => n.opType)).toEqual(['Flatten', 'Gemm', 'Relu']);
  expect(graph.node[1]?.input).toEqual(['f', 'W', 'b']);
  const ort = await loadOrt();
  const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, -2, -3, -4]), [2, 2, 2]);
  const run = async (mm: OnnxModel): Promise<number[]> => Array.from((await (await createOrtSession(encodeModel(mm))).run({ x }))['y']?.data as Float32Array);
  expect(await run({ ...m, graph })).toEqual(await run(m));
  // a MatMul whose input rank is unknown is left alone
  const g2 = { ...m.graph, node: m.graph.node.slice(1).map((n) => (n.name === 'dense' ? { ...n, input: ['x', 'W'] } : n)) };
  expect(fuseMatMulAdd(g2).fused).toBe(0);
});
