import type { ModelCard } from '@medimg/core';
import { drawText, loadBitmapFont, type BitmapFont } from './bitmap-text';
import { decidedClass } from './decide-class';
import { encodeRgbaPng } from './encode-rgba-png';
import { overlayPixels } from './overlay-pixels';
import type { ExplainInput, Explanation } from './types';

export interface OverlayOptions {
  /** Side of the drawn image in pixels. Default max(imageSize, 448). */
  size?: number;
  /** Opacity of the heat colour where the map is 1 (it scales with the map, so cold areas show the X-ray). Default 0.6. */
  opacity?: number;
}

let font: Promise<BitmapFont> | undefined;
const LINE = 20;

/** The caption lines: probabilities, the decision at the threshold, and what the map shows. */
export function overlayCaption(e: Explanation, metadata: ModelCard): string[] {
  const probs = metadata.classNames.map((name, c) => `${name} ${(e.probabilities[c] as number).toFixed(3)}`).join('   ');
  const positive = metadata.positiveClass;
  const decided = metadata.classNames[decidedClass(e.probabilities, metadata)];
  const decision = positive !== null && metadata.classNames.length === 2 ? `threshold ${metadata.threshold.toFixed(3)} on ${metadata.classNames[positive]} -> ${decided}` : `top class ${decided}`;
  return [probs, decision, `map: ${e.className} (${e.method}, ${e.layer})${e.peak === 0 ? ' - no positive evidence' : ''}`];
}

/**
 * A PNG: the preprocessed X-ray (what the model saw) with the class map blended on in the jet colour map, and the
 * probabilities, the decision at the card's threshold and the explained class printed below it (encodeRgbaPng).
 */
export async function renderOverlay(image: ExplainInput, explanation: Explanation, metadata: ModelCard, options: OverlayOptions = {}): Promise<Buffer> {
  const size = options.size ?? Math.max(image.width, 448);
  const opacity = options.opacity ?? 0.6;
  const lines = overlayCaption(explanation, metadata);
  const height = size + LINE * lines.length + 8;
  const data = new Uint8Array(size * height * 4);
  for (let i = size * size * 4 + 3; i < data.length; i += 4) data[i] = 255;
  overlayPixels(data, image, { width: explanation.width, height: explanation.height, data: explanation.map }, size, opacity);
  font ??= loadBitmapFont();
  const f = await font;
  const canvas = { width: size, height, data };
  lines.forEach((text, k) => drawText(canvas, f, 6, size + 4 + k * LINE, text));
  return encodeRgbaPng(data, size, height);
}
