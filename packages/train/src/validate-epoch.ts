import type { ImageBatch, LabeledImageSet } from '@medimg/core';
import { binaryView, evaluate } from './evaluate';
import { computeMetrics } from './metrics/binary-metrics';
import { chooseThreshold } from './metrics/threshold';
import type { BinaryMetrics, EpochRecord, Predictor } from './types';

export interface EpochValidation {
  val: NonNullable<EpochRecord['val']>;
  threshold: number;
  binary?: BinaryMetrics;
}

/** Evaluates on validation, chooses the Youden's-J threshold there, and reports metrics at that threshold. */
export async function validateEpoch(predictor: Predictor, set: LabeledImageSet, positiveClass: number | null, batchSize: number): Promise<EpochValidation> {
  const report = await evaluate({ model: { numClasses: predictor.numClasses, predict: (b: ImageBatch) => predictor.predict(b), dispose: () => undefined }, set, batchSize, ...(positiveClass === null ? {} : { positiveClass }) });
  if (positiveClass === null || report.binary === undefined) {
    return { val: { loss: report.loss, accuracy: report.multiclass.accuracy }, threshold: 0.5 };
  }
  const { p, y } = binaryView(report.probabilities, report.labels, predictor.numClasses, positiveClass);
  const threshold = chooseThreshold(p, y);
  const binary = computeMetrics(p, y, threshold);
  return {
    val: { loss: report.loss, accuracy: binary.accuracy, auc: binary.auc, sensitivity: binary.sensitivity, specificity: binary.specificity, threshold },
    threshold,
    binary,
  };
}
