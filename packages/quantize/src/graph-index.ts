import type { OnnxGraph, OnnxNode, OnnxTensor } from '@medimg/onnx';

/** Lookups over a graph: initializers by name, the producer and consumers of each tensor. */
export interface GraphIndex {
  initializers: Map<string, OnnxTensor>;
  producer: Map<string, OnnxNode>;
  consumers: Map<string, OnnxNode[]>;
  graphInputs: Set<string>;
  graphOutputs: Set<string>;
}

export function indexGraph(graph: OnnxGraph): GraphIndex {
  const initializers = new Map(graph.initializer.map((t) => [t.name, t] as const));
  const producer = new Map<string, OnnxNode>();
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of graph.node) {
    for (const o of n.output) producer.set(o, n);
    for (const i of n.input) {
      if (i === '') continue;
      const list = consumers.get(i) ?? [];
      list.push(n);
      consumers.set(i, list);
    }
  }
  return {
    initializers,
    producer,
    consumers,
    graphInputs: new Set(graph.input.map((v) => v.name).filter((n) => !initializers.has(n))),
    graphOutputs: new Set(graph.output.map((v) => v.name)),
  };
}

/** Integer attribute of a node, or its default. */
export function intAttr(n: OnnxNode, name: string, fallback: number): number {
  return n.attribute.find((a) => a.name === name)?.i ?? fallback;
}

export function floatAttr(n: OnnxNode, name: string, fallback: number): number {
  return n.attribute.find((a) => a.name === name)?.f ?? fallback;
}

/** Gives every node a unique, non-empty name (fallback reports and exclusions refer to nodes by name). */
export function nameNodes(graph: OnnxGraph): OnnxGraph {
  const seen = new Set<string>();
  const node = graph.node.map((n, i) => {
    let name = n.name !== '' ? n.name : `${n.opType}_${i}`;
    while (seen.has(name)) name = `${name}_${i}`;
    seen.add(name);
    return name === n.name ? n : { ...n, name };
  });
  return { ...graph, node };
}
