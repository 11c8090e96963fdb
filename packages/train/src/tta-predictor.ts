import { ValidationError, type BatchTransform, type ImageBatch } from '@medimg/core';
import type { Predictor } from './types';

/**
 * Test-time augmentation: a Predictor whose probabilities are the mean of `model`'s over `views` of each batch
 * (deterministic BatchTransforms, e.g. `ttaViews(K)` of @medimg/dataset; epoch 0 is passed). One view is that
 * view's prediction unchanged (so `[identity]` equals the model exactly). Does not dispose `model`.
 */
export function ttaPredictor(model: Predictor, views: readonly BatchTransform[]): Predictor {
  if (views.length === 0) throw new ValidationError('ttaPredictor', ['views must hold at least one view. Fix: pass ttaViews(K) with K >= 1']);
  return {
    numClasses: model.numClasses,
    dispose: () => undefined,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      const first = await model.predict((views[0] as BatchTransform)(batch, 0));
      if (views.length === 1) return first;
      const sum = Float64Array.from(first);
      for (const view of views.slice(1)) {
        const probs = await model.predict(view(batch, 0));
        for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (probs[i] as number);
      }
      return Float32Array.from(sum, (s) => s / views.length);
    },
  };
}
