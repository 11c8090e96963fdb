import { node, type OnnxGraph, type OnnxModel, type OnnxNode } from '@medimg/onnx';

/** Output and input names of a merged ensemble graph. */
export const ENSEMBLE_INPUT = 'input';
export const ENSEMBLE_OUTPUT = 'probabilities';

/** The nodes `output` depends on, in graph order (a member's extra outputs, e.g. `cam`, are dropped). */
function neededNodes(graph: OnnxGraph, output: string): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of graph.node) for (const o of n.output) producer.set(o, n);
  const keep = new Set<OnnxNode>();
  const stack = [output];
  while (stack.length > 0) {
    const n = producer.get(stack.pop() as string);
    if (n === undefined || keep.has(n)) continue;
    keep.add(n);
    stack.push(...n.input.filter((i) => i !== ''));
  }
  return graph.node.filter((n) => keep.has(n));
}

/**
 * One graph from several single-input classifiers over the same input: member i's nodes, initializers and values
 * are renamed `m<i>/<name>`, all read the one graph input `input`, and `probabilities` is the ONNX `Mean` of the
 * members' first outputs. Each member's opsets are kept (the highest version per domain). No metadata is copied.
 * Throws a RangeError when the members' input or output shapes differ.
 */
export function mergeOnnxMembers(members: readonly OnnxModel[], name = 'ensemble'): OnnxModel {
  if (members.length < 2) throw new RangeError(`Error in mergeOnnxMembers: expected 2 or more members, got ${members.length}`);
  const first = members[0] as OnnxModel;
  const input = first.graph.input[0];
  const output = first.graph.output[0];
  if (input === undefined || output === undefined) throw new RangeError('Error in mergeOnnxMembers: member 0 has no input or no output');
  const nodes: OnnxNode[] = [];
  const initializer: OnnxGraph['initializer'] = [];
  const means: string[] = [];
  members.forEach((m, i) => {
    const g = m.graph;
    const inName = g.input[0]?.name;
    const outName = g.output[0]?.name;
    if (inName === undefined || outName === undefined) throw new RangeError(`Error in mergeOnnxMembers: member ${i} has no input or no output`);
    const same = (a: readonly unknown[] | undefined, b: readonly unknown[]): boolean => a !== undefined && a.length === b.length && a.every((d, k) => d === b[k] || typeof d === 'string' || typeof b[k] === 'string');
    if (!same(g.input[0]?.dims, input.dims) || !same(g.output[0]?.dims, output.dims)) {
      throw new RangeError(`Error in mergeOnnxMembers: member ${i} maps [${g.input[0]?.dims.join(', ')}] -> [${g.output[0]?.dims.join(', ')}], member 0 [${input.dims.join(', ')}] -> [${output.dims.join(', ')}]`);
    }
    const prefix = `m${i}/`;
    const rename = (v: string): string => (v === '' ? '' : v === inName ? ENSEMBLE_INPUT : prefix + v);
    const kept = neededNodes(g, outName);
    const used = new Set(kept.flatMap((n) => n.input));
    for (const n of kept) nodes.push({ ...n, name: prefix + (n.name !== '' ? n.name : n.output[0] ?? ''), input: n.input.map(rename), output: n.output.map(rename) });
    for (const t of g.initializer) if (used.has(t.name)) initializer.push({ ...t, name: prefix + t.name });
    means.push(rename(outName));
  });
  nodes.push(node('Mean', means, [ENSEMBLE_OUTPUT], [], 'ensemble/Mean'));
  const opsets = new Map<string, number>();
  for (const m of members) for (const o of m.opsetImport) opsets.set(o.domain, Math.max(opsets.get(o.domain) ?? 0, o.version));
  return {
    irVersion: Math.max(...members.map((m) => m.irVersion)),
    opsetImport: [...opsets].map(([domain, version]) => ({ domain, version })),
    producerName: '@medimg/export',
    producerVersion: '0.1.0',
    docString: `medimg ensemble of ${members.length} models: input ${ENSEMBLE_INPUT}, output ${ENSEMBLE_OUTPUT} = mean of the members' probabilities`,
    metadataProps: [],
    graph: { name, node: nodes, initializer, input: [{ ...input, name: ENSEMBLE_INPUT }], output: [{ ...output, name: ENSEMBLE_OUTPUT }] },
  };
}
