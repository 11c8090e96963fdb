import type { LabeledImageSet } from '@medimg/core';
import { onnxPredictor, predictSet } from '@medimg/runtime';
import type { Decision } from './decision';
import { scoreModel } from './guard';
import type { ModelScores } from './types';

export interface Evaluation {
  scores: ModelScores;
  probabilities: Float32Array;
}

/** Runs model bytes in onnxruntime (the runtime's predictor, fed as the card says) over (the first `limit` images of) a set and scores them. */
export async function evaluateBytes(
  bytes: Uint8Array,
  set: LabeledImageSet,
  options: { batchSize: number; decision: Decision; limit?: number; onBatch?: (done: number) => void },
): Promise<Evaluation> {
  const predictor = await onnxPredictor(bytes, { label: 'quantize candidate', card: options.decision.card });
  try {
    const { probabilities, labels } = await predictSet(predictor, set, { batchSize: options.batchSize, ...(options.limit !== undefined ? { limit: options.limit } : {}), ...(options.onBatch !== undefined ? { onBatch: options.onBatch } : {}) });
    return { scores: scoreModel(probabilities, labels, predictor.numClasses, options.decision), probabilities };
  } finally {
    await predictor.dispose();
  }
}
