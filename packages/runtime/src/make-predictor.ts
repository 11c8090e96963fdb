import type { ImageBatch, ModelCard, Predictor } from '@medimg/core';
import { checkBatch } from './check-batch';

/** What an engine supplies; `makePredictor` adds the batch check every predictor does. */
export interface PredictorParts {
  card: ModelCard;
  numClasses: number;
  engine: string;
  /** Probabilities for a batch already checked against the card's input shape. */
  run(batch: ImageBatch): Promise<Float32Array>;
  dispose(): void | Promise<void>;
}

/** A Predictor from an engine's parts: checks every batch against the card's [h, w, c] before running it. */
export function makePredictor(parts: PredictorParts): Predictor {
  const { card, numClasses, engine } = parts;
  const where = `${engine} predictor`;
  return {
    card,
    numClasses,
    inputShape: card.inputShape,
    engine,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      checkBatch(where, batch, card.inputShape);
      return parts.run(batch);
    },
    dispose: () => parts.dispose(),
  };
}
