import type { LabeledImageSet, ModelCard } from '@medimg/core';
import { onnxPredictor } from '@medimg/runtime';

/** How far an INT8 model's outputs stand from its FP32 model's on a set, and the card each predictor read (tests only). */
export interface Int8OutputGap {
  /** Largest absolute difference of any output probability over the set. */
  maxDiff: number;
  cards: { fp32: ModelCard; int8: ModelCard };
}

/** Runs both ONNX models (onnxruntime predictors) over SET in batches of 50 and compares their outputs. */
export async function int8OutputGap(fp32Bytes: Uint8Array, int8Bytes: Uint8Array, set: LabeledImageSet): Promise<Int8OutputGap> {
  const [fp32, int8] = await Promise.all([onnxPredictor(fp32Bytes), onnxPredictor(int8Bytes)]);
  try {
    let maxDiff = 0;
    for await (const batch of set.batches({ batchSize: 50 })) {
      const a = await fp32.predict(batch);
      const b = await int8.predict(batch);
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    }
    return { maxDiff, cards: { fp32: fp32.card, int8: int8.card } };
  } finally {
    await Promise.all([fp32.dispose(), int8.dispose()]);
  }
}
