import { OptionChecker, type BatchTransform, type ImageBatch } from '@medimg/core';
import { resampleBilinear, toUint8 } from '../pixels/resample';

/** One deterministic test-time view: a shift (fractions of the side), a zoom (source scale < 1 zooms in) and a rotation. */
export interface TtaView {
  name: string;
  shiftX: number;
  shiftY: number;
  /** Output-to-source scale: 0.9 shows the central 90% of the image enlarged. */
  scale: number;
  degrees: number;
  /** Mirror left-right. Off in every built-in view: chest anatomy is lateralised (heart on the left). */
  flip: boolean;
}

const view = (name: string, shiftX: number, shiftY: number, scale: number, degrees: number): TtaView => ({ name, shiftX, shiftY, scale, degrees, flip: false });

/**
 * The built-in views, mildest first, within the training augmentation's range (shift 8%, zoom 10%, rotation 10
 * degrees): `ttaViews(K)` takes the first K. No horizontal flip: a chest X-ray is not left-right symmetric.
 */
export const TTA_VIEWS: readonly TtaView[] = [
  view('identity', 0, 0, 1, 0),
  view('shift-right', 0.04, 0, 1, 0),
  view('shift-left', -0.04, 0, 1, 0),
  view('shift-down', 0, 0.04, 1, 0),
  view('shift-up', 0, -0.04, 1, 0),
  view('zoom-in', 0, 0, 0.9, 0),
  view('rotate+4', 0, 0, 1, 4),
  view('rotate-4', 0, 0, 1, -4),
];

/** The batch under one view: bilinear resampling with reads clamped to the edge pixels (no black borders). Pure. */
export function applyTtaView(v: TtaView, batch: ImageBatch): ImageBatch {
  if (v.shiftX === 0 && v.shiftY === 0 && v.scale === 1 && v.degrees === 0 && !v.flip) return batch;
  const { height: h, width: w, channels: c } = batch;
  const per = h * w * c;
  const angle = (v.degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const clamp = (x: number, hi: number): number => Math.min(Math.max(x, 0.5), hi - 0.5);
  const pixels = new Uint8Array(batch.pixels.length);
  for (let i = 0; i < batch.size; i++) {
    const out = resampleBilinear(batch.pixels.subarray(i * per, (i + 1) * per), h, w, c, h, w, (x, y, at) => {
      let ux = (x - w / 2 - v.shiftX * w) * v.scale;
      const uy = (y - h / 2 - v.shiftY * h) * v.scale;
      if (v.flip) ux = -ux;
      at[0] = clamp(cos * ux + sin * uy + w / 2, w);
      at[1] = clamp(-sin * ux + cos * uy + h / 2, h);
    });
    pixels.set(toUint8(out), i * per);
  }
  return { ...batch, pixels, labels: batch.labels.slice(), indices: batch.indices.slice() };
}

/** Options of `ttaViews`. Defaults in brackets. */
export interface TtaViewsOptions {
  /** Also the left-right mirror of each view (2K views). Off by default: anatomy is lateralised. [false] */
  horizontalFlip?: boolean;
}

/**
 * The first K built-in test-time views (1 <= K <= 8) as BatchTransforms, for `evaluate({ tta })` of @medimg/train:
 * K = 1 is the identity alone (plain evaluation, exactly). Deterministic: no random draws.
 */
export function ttaViews(k: number, options: TtaViewsOptions = {}): BatchTransform[] {
  const v = new OptionChecker('ttaViews');
  v.int('tta', k, 1, TTA_VIEWS.length);
  v.done();
  const chosen = TTA_VIEWS.slice(0, k);
  const all = options.horizontalFlip === true ? chosen.flatMap((t) => [t, { ...t, name: `${t.name}+flip`, flip: true }]) : chosen;
  return all.map((t) => (batch: ImageBatch) => applyTtaView(t, batch));
}
