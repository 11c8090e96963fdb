import { parseModelCard } from './parse-model-card';
import type { ModelCard } from './types';

/** The metadata_props key holding the model card (JSON) in an .onnx file. */
export const ONNX_CARD_KEY = 'medimg';

/** The ONNX metadata_props entries of a card: `medimg` (the card as JSON) and `classNames` (a JSON array, for other tools). */
export function modelCardToMetadataProps(card: ModelCard): { key: string; value: string }[] {
  return [
    { key: ONNX_CARD_KEY, value: JSON.stringify(card) },
    { key: 'classNames', value: JSON.stringify(card.classNames) },
  ];
}

/** The card stored in ONNX metadata_props (validated, upgraded from medimg-model@1), or null when there is none. */
export function modelCardFromMetadataProps(props: readonly { key: string; value: string }[], where: string): ModelCard | null {
  const raw = props.find((p) => p.key === ONNX_CARD_KEY)?.value;
  return raw === undefined ? null : parseModelCard(raw, `${where} (metadata_props "${ONNX_CARD_KEY}")`);
}

/** Replaces the card entries of a metadata_props list, keeping any other entries. */
export function withModelCard(props: readonly { key: string; value: string }[], card: ModelCard): { key: string; value: string }[] {
  const mine = modelCardToMetadataProps(card);
  return [...props.filter((p) => !mine.some((m) => m.key === p.key)), ...mine];
}
