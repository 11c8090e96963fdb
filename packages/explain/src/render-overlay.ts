import { Jimp } from 'jimp';
import type { ModelCard } from '@medimg/core';
import { drawText, loadBitmapFont, type BitmapFont } from './bitmap-text';
import { jet } from './colormap';
import { decidedClass } from './decide-class';
import { upsampleBilinear } from './upsample-bilinear';
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
 * probabilities, the decision at the card's threshold and the explained class printed below it.
 */
export async function renderOverlay(image: ExplainInput, explanation: Explanation, metadata: ModelCard, options: OverlayOptions = {}): Promise<Buffer> {
  const size = options.size ?? Math.max(image.width, 448);
  const opacity = options.opacity ?? 0.6;
  const lines = overlayCaption(explanation, metadata);
  const band = LINE * lines.length + 8;
  const canvas = new Jimp({ width: size, height: size + band, color: 0x000000ff });
  const c = image.channels;
  const gray = Float32Array.from({ length: image.width * image.height }, (_, i) => {
    let s = 0;
    for (let k = 0; k < c; k++) s += image.pixels[i * c + k] as number;
    return s / c;
  });
  const base = upsampleBilinear({ width: image.width, height: image.height, data: gray }, size, size);
  const heat = upsampleBilinear({ width: explanation.width, height: explanation.height, data: explanation.map }, size, size);
  const data = canvas.bitmap.data;
  for (let i = 0; i < size * size; i++) {
    const m = Math.min(1, Math.max(0, heat[i] as number));
    const [r, g, b] = jet(m);
    const a = opacity * m;
    const v = base[i] as number;
    data[i * 4] = Math.round((1 - a) * v + a * r);
    data[i * 4 + 1] = Math.round((1 - a) * v + a * g);
    data[i * 4 + 2] = Math.round((1 - a) * v + a * b);
    data[i * 4 + 3] = 255;
  }
  font ??= loadBitmapFont();
  const f = await font;
  lines.forEach((text, k) => drawText(canvas.bitmap, f, 6, size + 4 + k * LINE, text));
  return canvas.getBuffer('image/png');
}
