import { DataType, node, type OnnxGraph, type OnnxNode } from '@medimg/onnx';
import { indexGraph, type GraphIndex } from './graph-index';

/** Whether tensor `name` is known to be 2-D: the output of Flatten, or of Reshape to a 2-element shape. */
function is2d(name: string, index: GraphIndex, graph: OnnxGraph): boolean {
  const p = index.producer.get(name);
  if (p === undefined) return graph.input.find((v) => v.name === name)?.dims.length === 2;
  if (p.opType === 'Flatten') return true;
  if (p.opType === 'Gemm') return true;
  if (p.opType === 'Reshape') return index.initializers.get(p.input[1] ?? '')?.dims[0] === 2;
  if (['Relu', 'LeakyRelu'].includes(p.opType)) return is2d(p.input[0] ?? '', index, graph);
  if (p.opType === 'Add' || p.opType === 'MatMul') {
    const mm = p.opType === 'MatMul' ? p : p.input.map((i) => index.producer.get(i)).find((n) => n?.opType === 'MatMul');
    const w = index.initializers.get(mm?.input[1] ?? '');
    return mm !== undefined && w?.dims.length === 2 && is2d(mm.input[0] ?? '', index, graph);
  }
  return false;
}

/**
 * MatMul(A, W) + Add(·, b) with constant 2-D W, constant 1-D b and a 2-D A becomes Gemm(A, W, b), so the bias is
 * quantized to int32 inside QGemm instead of being an FP32 Add (as onnxruntime's pre-processing does).
 */
export function fuseMatMulAdd(graph: OnnxGraph): { graph: OnnxGraph; fused: number } {
  const index = indexGraph(graph);
  const replace = new Map<OnnxNode, OnnxNode | null>();
  for (const mm of graph.node) {
    if (mm.opType !== 'MatMul') continue;
    const [a, w] = mm.input;
    const out = mm.output[0] ?? '';
    const weight = index.initializers.get(w ?? '');
    const users = index.consumers.get(out) ?? [];
    const add = users[0];
    if (weight?.dims.length !== 2 || weight.dataType !== DataType.FLOAT || users.length !== 1 || add?.opType !== 'Add') continue;
    if (index.graphOutputs.has(out) || !is2d(a ?? '', index, graph)) continue;
    const biasName = add.input[0] === out ? add.input[1] : add.input[0];
    const bias = index.initializers.get(biasName ?? '');
    if (bias?.dims.length !== 1 || bias.dims[0] !== weight.dims[1] || bias.dataType !== DataType.FLOAT) continue;
    replace.set(mm, node('Gemm', [a ?? '', w ?? '', biasName ?? ''], [add.output[0] ?? ''], [], mm.name));
    replace.set(add, null);
  }
  if (replace.size === 0) return { graph, fused: 0 };
  const nodes: OnnxNode[] = [];
  for (const n of graph.node) {
    const r = replace.get(n);
    if (r === undefined) nodes.push(n);
    else if (r !== null) nodes.push(r);
  }
  return { graph: { ...graph, node: nodes }, fused: replace.size / 2 };
}
