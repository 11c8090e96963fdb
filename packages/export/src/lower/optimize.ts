import type { ConvOp, DenseOp, InferenceGraph, InferenceOp } from '../types';

export interface OptimizeResult {
  graph: InferenceGraph;
  foldedBatchNorms: string[];
  fusedActivations: string[];
}

/** Ops that read `value` (either operand of an add counts). */
const consumersOf = (ops: InferenceOp[], value: string): InferenceOp[] => ops.filter((o) => o.input === value || (o.op === 'add' && o.other === value));

/** The conv/dense producing `value` if it has no activation yet and `value` feeds only `consumer` (and is not the output). */
function foldableProducer(graph: InferenceGraph, ops: InferenceOp[], consumer: InferenceOp): ConvOp | DenseOp | undefined {
  const producer = ops.find((o) => o.output === consumer.input);
  if (producer === undefined || (producer.op !== 'conv2d' && producer.op !== 'dense')) return undefined;
  if (producer.activation.kind !== 'linear' || producer.output === graph.output) return undefined;
  return consumersOf(ops, producer.output).length === 1 ? producer : undefined;
}

/** Multiplies output channel c of a kernel (last axis) by scale[c] and folds the shift into the bias. */
function foldScaleShift(producer: ConvOp | DenseOp, scale: Float32Array, shift: Float32Array): void {
  const cout = scale.length;
  const kernel = Float32Array.from(producer.kernel);
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) * (scale[i % cout] as number);
  const bias = new Float32Array(cout);
  for (let c = 0; c < cout; c++) bias[c] = (producer.bias?.[c] ?? 0) * (scale[c] as number) + (shift[c] as number);
  producer.kernel = kernel;
  producer.bias = bias;
}

/**
 * Inference-time rewrites shared by both exporters: a batch norm right after a conv/dense (nothing in between,
 * no other reader) is folded into its kernel and bias; an activation right after a conv/dense with a linear
 * activation becomes that op's activation. Everything else stays as it is. The input graph is not modified.
 */
export function optimizeGraph(input: InferenceGraph): OptimizeResult {
  const graph: InferenceGraph = { ...input, ops: input.ops.map((o) => ({ ...o, fused: [...o.fused] })) };
  const foldedBatchNorms: string[] = [];
  const fusedActivations: string[] = [];
  const ops = graph.ops;
  for (let i = 0; i < ops.length; ) {
    const op = ops[i] as InferenceOp;
    const producer = op.op === 'scaleShift' || (op.op === 'activation' && op.activation.kind !== 'softmax') ? foldableProducer(graph, ops, op) : undefined;
    if (producer === undefined) {
      i++;
      continue;
    }
    if (op.op === 'scaleShift') {
      foldScaleShift(producer, op.scale, op.shift);
      foldedBatchNorms.push(op.name);
    } else if (op.op === 'activation') {
      producer.activation = op.activation;
      fusedActivations.push(op.name);
    }
    producer.fused.push(op.name);
    producer.output = op.output;
    producer.outShape = op.outShape;
    ops.splice(i, 1);
  }
  return { graph, foldedBatchNorms, fusedActivations };
}
