import { ModelIOError, modelCardFromMetadataProps, type ModelCard, type Preprocessing } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';

/** How a model is fed and decides: what calibration and the guard need of its card. */
export interface Decision {
  card: ModelCard;
  scale: Preprocessing['scale'];
  positiveClass: number;
  threshold: number;
}

/** The decision rule stored in the model's card (metadata_props `medimg`); a model without a card is refused. */
export function decisionOf(model: OnnxModel, where: string): Decision {
  const card = modelCardFromMetadataProps(model.metadataProps, where);
  if (card === null) {
    throw new ModelIOError(`Error in quantize: ${where} has no medimg model card (preprocessing, threshold, split). Fix: export it with \`medimg export-onnx --model RUN\` from a trained model.`, where);
  }
  return { card, scale: card.preprocessing.scale, positiveClass: card.positiveClass ?? 1, threshold: card.threshold };
}
