import type { OnnxAttribute } from '@medimg/onnx';
import type { GraphBuilder } from './graph-builder';

/** One recorded operation: an ONNX node, or a macro op (see OpSpec.expand) that autodiff treats as one step. */
export interface TapeEntry {
  opType: string;
  inputs: string[];
  outputs: string[];
  attribute: OnnxAttribute[];
}

/** What a gradient rule sees. */
export interface GradContext {
  b: GraphBuilder;
  entry: TapeEntry;
  inputShapes: number[][];
  outputShapes: number[][];
  /** Gradient of the loss w.r.t. each output (undefined: the output does not reach the loss). */
  dY: (string | undefined)[];
  /** Whether each input needs a gradient (it depends on a differentiated value). */
  needs: boolean[];
}

/**
 * How the builder and autodiff handle one op type. `infer` gives output shapes (static shapes throughout);
 * `expand` makes it a macro op that emits other ops; `grad` returns the gradient of each input (undefined =
 * zero or not needed). An op without `grad` is not differentiable (an error when a gradient must pass it).
 */
export interface OpSpec {
  infer?(inputShapes: number[][], entry: TapeEntry, b: GraphBuilder): number[][];
  expand?(b: GraphBuilder, inputs: string[], attribute: OnnxAttribute[]): string[];
  grad?(ctx: GradContext): (string | undefined)[];
}
