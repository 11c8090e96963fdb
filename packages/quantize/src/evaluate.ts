import type { LabeledImageSet } from '@medimg/core';
import { classificationReport } from '@medimg/metrics';
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
    const report = classificationReport(probabilities, labels, classes, { positiveClass: classes === 2 ? options.positiveClass : null });
    return { scores: { accuracy: report.argmaxAccuracy, auc: report.binary?.auc ?? report.multiclass.macro.auc }, probabilities };
  } finally {
    await session.release();
  }
}
