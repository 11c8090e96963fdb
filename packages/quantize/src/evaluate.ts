import type { LabeledImageSet } from '@medimg/core';
import { scoreModel } from './metrics';
import { createSession, predictSet } from './run-model';
import type { ModelScores } from './types';

export interface Evaluation {
  scores: ModelScores;
  probabilities: Float32Array;
}

/** Runs model bytes over (the first `limit` images of) a set and scores them. */
export async function evaluateBytes(
  bytes: Uint8Array,
  set: LabeledImageSet,
  options: { batchSize: number; positiveClass: number; limit?: number; onBatch?: (done: number) => void },
): Promise<Evaluation> {
  const session = await createSession(bytes);
  try {
    const { probabilities, labels, classes } = await predictSet(session, set, options);
    return { scores: scoreModel(probabilities, labels, classes, options.positiveClass), probabilities };
  } finally {
    await session.release();
  }
}
