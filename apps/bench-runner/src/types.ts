import type { Logger } from '@medimg/core';
import type { TrainingResult } from '@medimg/bench';
import type { TorchResult } from './peer/torch';

/** What every suite gets. */
export interface SuiteContext {
  /** Short runs (few steps/trials) for a first look or CI smoke. */
  quick: boolean;
  /** Training engines to measure: 'tfjs' (on each of `backends`) and 'onnxruntime'. */
  engines: ('tfjs' | 'onnxruntime')[];
  /** tfjs backends to measure (training, inference). */
  backends: ('wasm' | 'cpu' | 'tensorflow')[];
  /** Only cases whose id contains one of these (empty: all). */
  caseFilter: string[];
  logger: Logger;
  /** Python interpreter of the peer. */
  python: string;
  /** Directory holding the peer scripts (tools/peers). */
  peersDir: string;
  /** Real data root for the data suite (chest_xray), if present. */
  dataDir: string | null;
  /** Results of suites that ran earlier in this run (peer ratios use training's). */
  earlier: { training?: TrainingResult[]; peer?: TorchResult[] };
  /** Set when the peer suite runs too: the training suite then times PyTorch right after each case (same load). */
  interleavePeer: boolean;
}

/** A suite's contribution to docs/benchmarks.md and its JSON file. */
export interface SuiteOutput {
  /** Markdown body of the suite's section (without the markers). */
  markdown: string;
  /** Raw results written to docs/benchmarks/<suite>.json. */
  json: unknown;
}

export interface Suite {
  name: string;
  /** One line for --help. */
  describe: string;
  run(ctx: SuiteContext): Promise<SuiteOutput>;
}
