import { JET_LUT } from 'medimg-explain-browser';
import type { Heatmap } from './api';

/** Draws the X-ray on `canvas` and, when given, the heatmap over it (upsampled smoothly, 45% opacity where it is hot). */
export function drawView(canvas: HTMLCanvasElement, image: ImageBitmap, heatmap: Heatmap | undefined): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const scale = Math.min(canvas.width / image.width, canvas.height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const x0 = (canvas.width - w) / 2;
  const y0 = (canvas.height - h) / 2;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, x0, y0, w, h);
  if (heatmap === undefined) return;
  const small = new OffscreenCanvas(heatmap.width, heatmap.height);
  const sctx = small.getContext('2d');
  if (sctx === null) return;
  const img = sctx.createImageData(heatmap.width, heatmap.height);
  heatmap.data.forEach((v, i) => {
    const l = Math.round(255 * Math.min(1, Math.max(0, v))) * 3;
    img.data.set([JET_LUT[l] as number, JET_LUT[l + 1] as number, JET_LUT[l + 2] as number, Math.round(255 * 0.45 * Math.min(1, Math.max(0, v * 1.5)))], i * 4);
  });
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, x0, y0, w, h);
}
