import { attr } from '@medimg/onnx';
import { appendGradients } from './gradients';
import { GraphBuilder } from './graph-builder';
import { runGraph } from './testing/ort-run';

describe('GraphBuilder and appendGradients', () => {
  it('infers static shapes and sums the gradient of a value read twice', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', [2, 3]);
    const unused = b.input('u', [4]);
    const y = b.op1('Mul', [x, x]); // x read twice: d/dx sum(x*x + 3x) = 2x + 3
    const z = b.op1('Add', [y, b.op1('Mul', [x, b.scalar(3)])]);
    expect(b.shape(z)).toEqual([2, 3]);
    const loss = b.op1('ReduceSum', [z], [attr.int('keepdims', 0)]);
    expect(b.shape(loss)).toEqual([]);
    const g = appendGradients(b, loss, [x, unused]);
    b.output(g.get(x) as string, 'gx');
    b.output(g.get(unused) as string, 'gu');
    b.output(y, 'y_out'); // read by z too
    // Renamed outputs lose their Identity, except one of a constant (gu: zeros).
    expect(b.model('t').graph.node.filter((n) => n.opType === 'Identity').map((n) => n.output[0])).toEqual(['gu']);
    const out = await runGraph(b, { x: Float32Array.of(1, 2, 3, -1, 0, 0.5), u: new Float32Array(4) });
    expect(Array.from(out.gx as Float32Array)).toEqual([5, 7, 9, 1, 3, 4]);
    expect(Array.from(out.y_out as Float32Array)).toEqual([1, 4, 9, 1, 0, 0.25]);
    expect(Array.from(out.gu as Float32Array)).toEqual([0, 0, 0, 0]);
  });

  it('names the op that has no gradient rule', () => {
    const b = new GraphBuilder();
    const x = b.input('x', [3]);
    const y = b.op1('Exp', [x]);
    expect(() => appendGradients(b, b.op1('ReduceSum', [y], [attr.int('keepdims', 0)]), [x])).toThrow(/no gradient rule for Exp/);
  });
});
