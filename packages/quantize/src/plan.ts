import { DataType, type OnnxGraph, type OnnxNode } from '@medimg/onnx';
import { floatAttr, indexGraph, intAttr, type GraphIndex } from './graph-index';

/**
 * How each op type is quantized in QDQ form:
 * - weighted: DQ(input) and DQ(int8 weight) [+ DQ(int32 bias)] -> op -> Q (QLinearConv, QLinearMatMul, QGemm)
 * - unary: DQ -> op -> Q with its own output parameters (QLinearLeakyRelu, QLinearAveragePool, ...; Relu folds into Q)
 * - shared: the output reuses the input's parameters, so onnxruntime drops the pair and runs the op on 8-bit data
 * - binary: DQ(a), DQ(b) -> op -> Q, each operand and the output with its own parameters (QLinearAdd: residual sums)
 */
export type QuantKind = 'weighted' | 'unary' | 'shared' | 'binary';

export const QUANT_KINDS: Readonly<Record<string, QuantKind>> = {
  Conv: 'weighted',
  MatMul: 'weighted',
  Gemm: 'weighted',
  Relu: 'unary',
  LeakyRelu: 'unary',
  AveragePool: 'unary',
  GlobalAveragePool: 'unary',
  MaxPool: 'shared',
  Transpose: 'shared',
  Reshape: 'shared',
  Flatten: 'shared',
  Add: 'binary',
};

/** The activation tensors a node of `kind` reads (both operands of a binary op, else the data input). */
const dataInputs = (n: OnnxNode, kind: QuantKind): string[] => (kind === 'binary' ? n.input.slice(0, 2) : [n.input[0] ?? '']);

/** Why a node of a quantizable op type cannot be quantized, or null when it can. */
export function unsupportedReason(n: OnnxNode, index: GraphIndex): string | null {
  const kind = QUANT_KINDS[n.opType];
  if (kind === undefined) return `op type ${n.opType} stays FP32`;
  const data = n.input[0] ?? '';
  if (index.initializers.has(data)) return 'its data input is a constant';
  if (kind === 'binary' && (n.input.length !== 2 || n.input.some((i) => i === '' || index.initializers.has(i)))) return 'an operand is a constant (a per-channel shift stays FP32)';
  if ((n.output.length > 1 && n.output[1] !== '') || index.graphOutputs.has(n.output[0] ?? '')) return 'its output is a graph output or it has several outputs';
  if (kind !== 'weighted') return null;
  const w = index.initializers.get(n.input[1] ?? '');
  if (w === undefined || w.dataType !== DataType.FLOAT) return 'its weight is not a constant FP32 tensor';
  if (n.opType === 'Conv' && w.dims.length < 3) return 'conv weight has rank < 3';
  if (n.opType !== 'Conv' && w.dims.length !== 2) return 'weight is not 2-D';
  const bias = n.input[2];
  if (bias !== undefined && bias !== '') {
    const b = index.initializers.get(bias);
    if (b === undefined || b.dataType !== DataType.FLOAT || b.dims.length !== 1) return 'its bias is not a constant 1-D FP32 tensor';
  }
  if (n.opType === 'Gemm' && (floatAttr(n, 'alpha', 1) !== 1 || floatAttr(n, 'beta', 1) !== 1 || intAttr(n, 'transA', 0) !== 0)) return 'Gemm with alpha/beta != 1 or transA';
  return null;
}

/** Which nodes run in INT8 and which activation tensors get a QuantizeLinear/DequantizeLinear pair. */
export interface QuantPlan {
  /** Nodes quantized, by name. */
  nodes: Set<string>;
  /** Activation tensors to quantize, in graph order. */
  tensors: string[];
  /** Tensor -> the tensor whose parameters it reuses (outputs of shared ops), resolved to the root. */
  sharedWith: Map<string, string>;
  /** Nodes of quantizable op types that could not be quantized, with the reason. */
  skipped: Map<string, string>;
}

/**
 * Plans the quantization of `graph` with the nodes in `exclude` left in FP32. An excluded node's input and output
 * tensors stay FP32 too (no QuantizeLinear/DequantizeLinear pair), so falling a layer back removes the rounding and
 * clipping around it; a neighbour that touches such a tensor loses its INT8 boundary and runs in FP32 as well.
 */
export function planQuantization(graph: OnnxGraph, exclude: ReadonlySet<string>): QuantPlan {
  const index = indexGraph(graph);
  const skipped = new Map<string, string>();
  const blocked = new Set<string>();
  const supported: OnnxNode[] = [];
  for (const n of graph.node) {
    if (QUANT_KINDS[n.opType] === undefined) continue;
    if (exclude.has(n.name)) {
      for (const i of dataInputs(n, QUANT_KINDS[n.opType] as QuantKind)) blocked.add(i);
      for (const o of n.output) blocked.add(o);
      continue;
    }
    const reason = unsupportedReason(n, index);
    if (reason !== null) skipped.set(n.name, reason);
    else supported.push(n);
  }
  const nodes = new Set<string>();
  const tensorSet = new Set<string>();
  const tensors: string[] = [];
  const sharedWith = new Map<string, string>();
  for (const n of supported) {
    const input = n.input[0] ?? '';
    const output = n.output[0] ?? '';
    const reads = dataInputs(n, QUANT_KINDS[n.opType] as QuantKind);
    if (reads.some((t) => blocked.has(t)) || blocked.has(output)) {
      skipped.set(n.name, 'next to a layer kept in FP32');
      continue;
    }
    nodes.add(n.name);
    for (const t of [...reads, output]) {
      if (!tensorSet.has(t)) {
        tensorSet.add(t);
        tensors.push(t);
      }
    }
    if (QUANT_KINDS[n.opType] === 'shared') sharedWith.set(output, sharedWith.get(input) ?? input);
  }
  // Conv/MatMul/Gemm/Add -> Relu: the producer's output takes the Relu output's parameters (as onnxruntime's quantizer
  // does), so QuantizeLinear's clamp at the zero point does the Relu and onnxruntime drops the Relu and the
  // requantization between them.
  for (const n of supported) {
    const input = n.input[0] ?? '';
    const p = index.producer.get(input);
    if (n.opType !== 'Relu' || !nodes.has(n.name) || p === undefined || !nodes.has(p.name) || (QUANT_KINDS[p.opType] !== 'weighted' && QUANT_KINDS[p.opType] !== 'binary')) continue;
    if ((index.consumers.get(input) ?? []).length === 1) sharedWith.set(input, n.output[0] ?? '');
  }
  return { nodes, tensors, sharedWith, skipped };
}
