import { normalizeIntensity } from 'medimg-intensity-normalization';
import { preprocessRaw } from 'medimg-pixel-ops';
import type { PageModelCard } from './api';

/** A file decoded by the browser: the bitmap (for display) and its RGBA pixels. */
export interface DecodedImage {
  bitmap: ImageBitmap;
  rgba: Uint8ClampedArray;
}

/** Decodes a JPEG/PNG with the browser's decoder, without colour-space conversion or premultiplied alpha. */
export async function decodeImage(file: Blob): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) throw new Error('this browser has no 2d canvas');
  ctx.drawImage(bitmap, 0, 0);
  return { bitmap, rgba: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
}

/**
 * The model input, HWC uint8: the same channel conversion, resize and intensity normalisation as the server's decoder
 * (dataset's pixel-ops and normalizeIntensity, bundled).
 */
export function modelPixels(image: DecodedImage, card: PageModelCard): Uint8Array {
  const { imageSize, channels, resize, normalize } = card.preprocessing;
  const pixels = preprocessRaw({ data: image.rgba, width: image.bitmap.width, height: image.bitmap.height, channels: 4 }, { imageSize, channels, resize });
  return normalizeIntensity(pixels, normalize ?? 'none');
}
