import { readCard } from '@medimg/runtime';
import type { Preprocessing } from '@medimg/core';

/** The pixel scaling a model file's card records; a model without a card is taken as `unit` (pixels / 255). */
export async function pixelScaleOfFile(path: string): Promise<Preprocessing['scale']> {
  return readCard(path).then(
    ({ card }) => card.preprocessing.scale,
    () => 'unit' as const,
  );
}
