import { DataType, floatTensor, int64Tensor, valueInfo, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from '@medimg/onnx';
import { registerBuiltinOps } from './ops/index';
import { opSpec } from './registry';
import type { TapeEntry } from './types';

export interface OpOptions {
  /** Number of outputs (default 1). */
  outputs?: number;
  /** Output shapes, for ops without a shape rule. */
  shapes?: number[][];
  /** Output names (default fresh names). */
  names?: string[];
}

/**
 * Builds an ONNX graph with static shapes, recording every op on a tape that `appendGradients` walks backwards.
 * Values are named strings; `shape(name)` is known for every value. Macro ops (an OpSpec with `expand`) are
 * recorded once on the tape and emit their ONNX nodes through the same builder.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly tape: TapeEntry[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly shapes = new Map<string, number[]>();
  private readonly ints = new Map<string, number[]>();
  private readonly intCache = new Map<string, string>();
  private readonly floatCache = new Map<string, string>();
  private counter = 0;
  /** Output names given by `output(value, as)`: their Identity is folded away in `model()` where it can be. */
  private readonly renames = new Set<string>();
  private macroDepth = 0;

  constructor() {
    registerBuiltinOps();
  }

  /** A name not used yet, starting with `prefix`. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  shape(name: string): number[] {
    const s = this.shapes.get(name);
    if (s === undefined) throw new RangeError(`Error in GraphBuilder: value "${name}" is unknown`);
    return [...s];
  }

  has(name: string): boolean {
    return this.shapes.has(name);
  }

  /** The values of an int64 constant made by `intConst`, for shape rules (Reshape, ReduceSum axes ...). */
  intValues(name: string): number[] | undefined {
    return this.ints.get(name);
  }

  setShape(name: string, shape: number[]): void {
    this.shapes.set(name, [...shape]);
  }

  input(name: string, shape: number[], elemType: number = DataType.FLOAT): string {
    if (this.shapes.has(name)) throw new RangeError(`Error in GraphBuilder: input "${name}" is defined twice`);
    this.inputs.push(valueInfo(name, shape, elemType));
    this.setShape(name, shape);
    return name;
  }

  /** A float32 initializer (deduplicated for small constants). */
  constant(data: Float32Array | readonly number[], shape: number[] = [data.length]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    const key = values.length <= 16 ? `${shape.join('x')}:${Array.from(values).join(',')}` : undefined;
    const cached = key === undefined ? undefined : this.floatCache.get(key);
    if (cached !== undefined) return cached;
    const name = this.fresh('const');
    this.initializers.push(floatTensor(name, shape, values));
    this.setShape(name, shape);
    if (key !== undefined) this.floatCache.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.constant([value], []);
  }

  /** An int64 1-D constant (shapes, axes, pads). */
  intConst(values: readonly number[]): string {
    const key = values.join(',');
    const cached = this.intCache.get(key);
    if (cached !== undefined) return cached;
    const name = this.fresh('ints');
    this.initializers.push(int64Tensor(name, [values.length], values));
    this.setShape(name, [values.length]);
    this.ints.set(name, [...values]);
    this.intCache.set(key, name);
    return name;
  }

  /** Adds an op (a macro op expands), returns its output names. */
  op(opType: string, inputs: string[], attribute: OnnxAttribute[] = [], options: OpOptions = {}): string[] {
    const spec = opSpec(opType);
    if (spec?.expand !== undefined) {
      this.macroDepth++;
      let outputs: string[];
      try {
        outputs = spec.expand(this, inputs, attribute);
      } finally {
        this.macroDepth--;
      }
      if (this.macroDepth === 0) this.tape.push({ opType, inputs: [...inputs], outputs, attribute });
      return outputs;
    }
    for (const i of inputs) if (i !== '' && !this.shapes.has(i)) throw new RangeError(`Error in GraphBuilder: ${opType} reads unknown value "${i}"`);
    const count = options.shapes?.length ?? options.outputs ?? 1;
    const outputs = options.names ?? Array.from({ length: count }, () => this.fresh(opType.toLowerCase()));
    const entry: TapeEntry = { opType, inputs: [...inputs], outputs, attribute };
    const shapes = options.shapes ?? spec?.infer?.(inputs.map((i) => (i === '' ? [] : this.shape(i))), entry, this);
    if (shapes === undefined) throw new RangeError(`Error in GraphBuilder: ${opType} has no shape rule; pass options.shapes`);
    outputs.forEach((o, k) => this.setShape(o, shapes[k] ?? []));
    this.nodes.push({ name: this.fresh(`n_${opType}`), opType, input: entry.inputs, output: outputs, attribute });
    if (this.macroDepth === 0) this.tape.push(entry);
    return outputs;
  }

  /** `op` for single-output ops. */
  op1(opType: string, inputs: string[], attribute: OnnxAttribute[] = [], options: OpOptions = {}): string {
    return this.op(opType, inputs, attribute, options)[0] as string;
  }

  /** Makes `value` a graph output (renamed to `as` through an Identity when given). */
  output(value: string, as?: string, elemType: number = DataType.FLOAT): string {
    let name = value;
    if (as !== undefined && as !== value) {
      name = this.op1('Identity', [value], [], { names: [as], shapes: [this.shape(value)] });
      this.renames.add(as);
    }
    this.outputs.push(valueInfo(name, this.shape(name), elemType));
    return name;
  }

  /**
   * The nodes with each output Identity of `output(value, as)` removed by renaming `value` to `as` wherever it
   * occurs, when `value` is computed by a node and is neither a graph input nor another output: onnxruntime then
   * writes the producing op's result straight into the output (a caller's preallocated buffer) instead of copying
   * it (for a 48M-parameter step, three copies of every weight-sized tensor per step).
   */
  private foldOutputIdentities(): OnnxNode[] {
    const produced = new Set(this.nodes.flatMap((n) => n.output));
    const outputs = new Set(this.outputs.map((o) => o.name));
    const inputs = new Set([...this.inputs.map((i) => i.name), ...this.initializers.map((t) => t.name)]);
    const rename = new Map<string, string>();
    const dropped = new Set<OnnxNode>();
    for (const n of this.nodes) {
      const as = n.output[0] as string;
      const value = n.input[0] as string;
      if (n.opType !== 'Identity' || !this.renames.has(as) || !produced.has(value) || inputs.has(value) || outputs.has(value) || rename.has(value)) continue;
      rename.set(value, as);
      dropped.add(n);
    }
    if (rename.size === 0) return this.nodes;
    const to = (v: string): string => rename.get(v) ?? v;
    return this.nodes.filter((n) => !dropped.has(n)).map((n) => ({ ...n, input: n.input.map(to), output: n.output.map(to) }));
  }

  /** The ONNX model (opset 17 by default; version 1 of every other domain its nodes use, e.g. nchwc.ts'). */
  model(name: string, opset = 17): OnnxModel {
    const domains = [...new Set(this.nodes.map((n) => n.domain ?? '').filter((d) => d !== ''))];
    const node = this.foldOutputIdentities();
    return {
      irVersion: 8,
      opsetImport: [{ domain: '', version: opset }, ...domains.map((domain) => ({ domain, version: 1 }))],
      producerName: 'medimg-autodiff',
      producerVersion: '0.1.0',
      graph: { name, node, initializer: this.initializers, input: this.inputs, output: this.outputs },
      metadataProps: [],
    };
  }
}
