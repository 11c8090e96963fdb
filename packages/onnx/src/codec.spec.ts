import * as ort from 'onnxruntime-node';
import { attr, decodeModel, decodeModelInfo, encodeModel, floatTensor, floatValues, int64Tensor, node, tensorValues, valueInfo, DataType } from './index';
import type { OnnxModel } from './types';

function tinyModel(): OnnxModel {
  // y = Relu(Reshape(x, [-1, 4]) @ W + b), W = [[1..],[..]]
  const w = Float32Array.from([1, -1, 0.5, 2, -3, 1, 0, 1], (v) => v);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'medimg-test',
    producerVersion: '0',
    metadataProps: [{ key: 'classNames', value: '["A","B"]' }],
    graph: {
      name: 'tiny',
      node: [
        node('Reshape', ['x', 'shape'], ['flat']),
        node('MatMul', ['flat', 'W'], ['mm']),
        node('Add', ['mm', 'b'], ['pre']),
        node('LeakyRelu', ['pre'], ['y'], [attr.float('alpha', 0.2)]),
      ],
      initializer: [floatTensor('W', [4, 2], w), floatTensor('b', [2], Float32Array.from([0.5, -0.5])), int64Tensor('shape', [2], [-1, 4])],
      input: [valueInfo('x', ['batch', 2, 2])],
      output: [valueInfo('y', ['batch', 2])],
    },
  };
}

describe('ONNX codec', () => {
  it('writes a model onnxruntime runs with the expected numbers', async () => {
    const bytes = encodeModel(tinyModel());
    const session = await ort.InferenceSession.create(bytes);
    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, -2, -3, -4]), [2, 2, 2]);
    const out = await session.run({ x });
    const y = out['y']?.data as Float32Array;
    // row0: [1,2,3,4]@W = [1*1+2*0.5+3*-3+4*0, 1*-1+2*2+3*1+4*1] = [-7, 10] + b = [-6.5, 9.5] -> leaky: [-1.3, 9.5]
    // row1: negated matmul [7,-10] + b = [7.5,-10.5] -> [7.5, -2.1]
    expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual([-1.3, 9.5, 7.5, -2.1]);
    expect(session.inputNames).toEqual(['x']);
  });

  it('writes value infos of unknown shape that onnxruntime infers', async () => {
    const model = tinyModel();
    model.graph.output.push({ ...valueInfo('pre', []), unknownShape: true });
    const back = decodeModel(encodeModel(model));
    expect(back.graph.output[1]?.unknownShape).toBe(true);
    expect(back.graph.output[0]?.unknownShape).toBeUndefined();
    const session = await ort.InferenceSession.create(encodeModel(model));
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, -2, -3, -4]), [2, 2, 2]) });
    expect(out['pre']?.dims).toEqual([2, 2]);
    expect(Array.from(out['pre']?.data as Float32Array).map((v) => Number(v.toFixed(4)))).toEqual([-6.5, 9.5, 7.5, -10.5]);
  });

  it('round-trips through decode', () => {
    const model = tinyModel();
    const back = decodeModel(encodeModel(model));
    expect(back.graph.node.map((n) => n.opType)).toEqual(['Reshape', 'MatMul', 'Add', 'LeakyRelu']);
    expect(back.graph.node[3]?.attribute[0]?.f).toBeCloseTo(0.2, 6);
    expect(Array.from(floatValues(back.graph.initializer[0]!))).toEqual([1, -1, 0.5, 2, -3, 1, 0, 1]);
    expect(Array.from(tensorValues(back.graph.initializer[2]!))).toEqual([-1, 4]);
    expect(back.graph.input[0]?.dims).toEqual(['batch', 2, 2]);
    expect(back.graph.input[0]?.elemType).toBe(DataType.FLOAT);
    expect(back.metadataProps).toEqual([{ key: 'classNames', value: '["A","B"]' }]);
    expect(back.opsetImport).toEqual([{ domain: '', version: 13 }]);
  });

  it('reads the header (metadata, inputs, outputs) without the graph body', () => {
    const info = decodeModelInfo(encodeModel(tinyModel()));
    expect(info.metadataProps).toEqual([{ key: 'classNames', value: '["A","B"]' }]);
    expect(info.input).toEqual([{ name: 'x', elemType: DataType.FLOAT, dims: ['batch', 2, 2] }]);
    expect(info.output).toEqual([{ name: 'y', elemType: DataType.FLOAT, dims: ['batch', 2] }]);
    expect(info.opsetImport).toEqual([{ domain: '', version: 13 }]);
    expect(info.graphName).toBe('tiny');
  });
});
