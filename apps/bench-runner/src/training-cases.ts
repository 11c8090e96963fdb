import type { ImageShape } from '@medimg/bench';

/** One network x input x batch measured by the training suite (and its PyTorch peer). */
export interface TrainingCase {
  id: string;
  architecture: 'refkit-cnn' | 'compact-cnn';
  inputShape: ImageShape;
  batchSize: number;
  /** Batch on the pure-JS cpu backend, which is far slower (one step of refkit-cnn@128 at batch 16 took over 25 min on the shared 2-core machine). */
  cpuBatchSize: number;
  backends: ('wasm' | 'cpu' | 'tensorflow')[];
  /** Timed steps [quick, full]. */
  steps: [number, number];
  note: string;
}

/**
 * The cases, in run order. `reference-128` is issue [1/6]'s reference-size net: refkit-cnn's topology
 * (12 conv3x3 16..512 + LeakyReLU, max-pool after every second, dense head) at 128x128x1, batch 16.
 */
export const TRAINING_CASES: readonly TrainingCase[] = [
  { id: 'reference-128', architecture: 'refkit-cnn', inputShape: [128, 128, 1], batchSize: 16, cpuBatchSize: 2, backends: ['wasm', 'cpu', 'tensorflow'], steps: [2, 6], note: 'reference-size net (refkit-cnn topology) at 128x128x1' },
  { id: 'compact-128', architecture: 'compact-cnn', inputShape: [128, 128, 1], batchSize: 32, cpuBatchSize: 4, backends: ['wasm', 'cpu', 'tensorflow'], steps: [2, 6], note: 'medimg compact default' },
  { id: 'refkit-300', architecture: 'refkit-cnn', inputShape: [300, 300, 3], batchSize: 20, cpuBatchSize: 2, backends: ['wasm', 'tensorflow'], steps: [1, 5], note: "the reference kit's network and input (48M params)" },
];

/** `architecture@HxWxC/bB`, the label results carry. */
export function caseLabel(c: TrainingCase): string {
  return `${c.architecture}@${c.inputShape.join('x')}`;
}

/** Cases whose id contains one of `filter` (all when it is empty). */
export function selectCases(filter: readonly string[]): TrainingCase[] {
  return TRAINING_CASES.filter((c) => filter.length === 0 || filter.some((f) => c.id.includes(f)));
}
