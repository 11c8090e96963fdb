import { attr, floatTensor, floatValues, int32Tensor, int8Tensor, node, uint8Tensor, type OnnxModel, type OnnxNode, type OnnxTensor } from '@medimg/onnx';
import { indexGraph } from './graph-index';
import type { QuantPlan } from './plan';
import { activationParams, quantizeBias, quantizeWeights, type QParams } from './quant-params';
import type { ActivationType, TensorRange } from './types';

const q8 = (name: string, p: QParams): OnnxTensor =>
  p.type === 'uint8' ? uint8Tensor(name, [], Uint8Array.of(p.zeroPoint)) : int8Tensor(name, [], Int8Array.of(p.zeroPoint));

/** Activation parameters of every planned tensor (shared ones take their root's range). */
export function tensorParams(plan: QuantPlan, ranges: ReadonlyMap<string, TensorRange>, type: ActivationType): Map<string, QParams> {
  const out = new Map<string, QParams>();
  for (const t of plan.tensors) {
    const root = plan.sharedWith.get(t) ?? t;
    const range = ranges.get(root);
    if (range === undefined) throw new Error(`Error in quantize: no calibration range for tensor ${root}`);
    out.set(t, activationParams(range, type));
  }
  return out;
}

/**
 * Writes the QDQ model onnxruntime fuses into QLinearConv / QLinearMatMul / QGemm: one QuantizeLinear ->
 * DequantizeLinear pair after every planned activation tensor (all its consumers read the dequantized copy),
 * int8 weights (per output channel for Conv, per tensor for MatMul/Gemm) and int32 biases behind DequantizeLinear.
 */
export function buildQdqModel(model: OnnxModel, plan: QuantPlan, params: ReadonlyMap<string, QParams>): OnnxModel {
  const graph = model.graph;
  const index = indexGraph(graph);
  const inits: OnnxTensor[] = [];
  const rename = new Map<string, string>();
  const pairs = new Map<string, OnnxNode[]>();
  for (const t of plan.tensors) {
    const p = params.get(t);
    if (p === undefined) throw new Error(`Error in quantize: no parameters for tensor ${t}`);
    inits.push(floatTensor(`${t}_scale`, [], Float32Array.of(p.scale)), q8(`${t}_zero_point`, p));
    pairs.set(t, [
      node('QuantizeLinear', [t, `${t}_scale`, `${t}_zero_point`], [`${t}_quantized`], [], `${t}_QuantizeLinear`),
      node('DequantizeLinear', [`${t}_quantized`, `${t}_scale`, `${t}_zero_point`], [`${t}_dequantized`], [], `${t}_DequantizeLinear`),
    ]);
    rename.set(t, `${t}_dequantized`);
  }
  const nodes: OnnxNode[] = [];
  for (const v of graph.input) nodes.push(...(pairs.get(v.name) ?? []));
  for (const n of graph.node) {
    const input = n.input.map((i) => rename.get(i) ?? i);
    if (plan.nodes.has(n.name) && ['Conv', 'MatMul', 'Gemm'].includes(n.opType)) {
      const x = params.get(n.input[0] ?? '');
      const wName = n.input[1] ?? '';
      const w = index.initializers.get(wName);
      if (x === undefined || w === undefined) throw new Error(`Error in quantize: node ${n.name} lost its input parameters or weight`);
      const channels = n.opType === 'Conv' ? (w.dims[0] ?? 1) : 1;
      const perChannel = n.opType === 'Conv';
      const { q, scales } = quantizeWeights(floatValues(w), channels);
      const base = `${n.name}_${wName}`;
      const sdims = perChannel ? [channels] : [];
      inits.push(int8Tensor(`${base}_quantized`, w.dims, q), floatTensor(`${base}_scale`, sdims, scales), int8Tensor(`${base}_zero_point`, sdims, new Int8Array(channels)));
      const axis = perChannel ? [attr.int('axis', 0)] : [];
      nodes.push(node('DequantizeLinear', [`${base}_quantized`, `${base}_scale`, `${base}_zero_point`], [`${base}_dequantized`], axis, `${base}_DequantizeLinear`));
      input[1] = `${base}_dequantized`;
      const bName = n.input[2];
      const b = bName !== undefined && bName !== '' ? index.initializers.get(bName) : undefined;
      if (b !== undefined && bName !== undefined) {
        const bq = quantizeBias(floatValues(b), x.scale, scales);
        const bBase = `${n.name}_${bName}`;
        const bdims = perChannel ? [bq.q.length] : [];
        const bscale = perChannel ? bq.scales : Float32Array.of(bq.scales[0] ?? 1);
        inits.push(int32Tensor(`${bBase}_quantized`, b.dims, bq.q), floatTensor(`${bBase}_scale`, bdims, bscale), int32Tensor(`${bBase}_zero_point`, bdims, new Int32Array(bdims.length === 0 ? 1 : bq.q.length)));
        nodes.push(node('DequantizeLinear', [`${bBase}_quantized`, `${bBase}_scale`, `${bBase}_zero_point`], [`${bBase}_dequantized`], axis, `${bBase}_DequantizeLinear`));
        input[2] = `${bBase}_dequantized`;
      }
    }
    nodes.push({ ...n, input });
    for (const o of n.output) nodes.push(...(pairs.get(o) ?? []));
  }
  const used = new Set(nodes.flatMap((n) => n.input));
  const initializer = [...graph.initializer.filter((t) => used.has(t.name)), ...inits];
  return { ...model, graph: { ...graph, node: nodes, initializer } };
}
