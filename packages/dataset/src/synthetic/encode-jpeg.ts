import { Jimp } from 'jimp';

/** Encodes gray pixels as a JPEG with jimp (pure JS, so the bytes are the same on every machine). */
export async function encodeGrayJpeg(gray: Uint8Array, width: number, height: number, quality: number): Promise<Buffer> {
  const image = new Jimp({ width, height });
  const data = image.bitmap.data;
  for (let i = 0; i < gray.length; i++) {
    const g = gray[i] as number;
    data[i * 4] = g;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = g;
    data[i * 4 + 3] = 255;
  }
  return image.getBuffer('image/jpeg', { quality });
}
