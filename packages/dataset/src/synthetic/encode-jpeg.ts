import { Jimp } from 'jimp';

function grayImage(gray: Uint8Array, width: number, height: number): InstanceType<typeof Jimp> {
  const image = new Jimp({ width, height });
  const data = image.bitmap.data;
  for (let i = 0; i < gray.length; i++) {
    const g = gray[i] as number;
    data[i * 4] = g;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = g;
    data[i * 4 + 3] = 255;
  }
  return image;
}

/** Encodes gray pixels as a JPEG with jimp (pure JS, so the bytes are the same on every machine). */
export async function encodeGrayJpeg(gray: Uint8Array, width: number, height: number, quality: number): Promise<Buffer> {
  return grayImage(gray, width, height).getBuffer('image/jpeg', { quality });
}

/** Encodes gray pixels as a lossless PNG with jimp (for masks). */
export async function encodeGrayPng(gray: Uint8Array, width: number, height: number): Promise<Buffer> {
  return grayImage(gray, width, height).getBuffer('image/png');
}
