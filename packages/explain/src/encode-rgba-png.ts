import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, body: Buffer): Buffer {
  const b = Buffer.alloc(12 + body.length);
  b.writeUInt32BE(body.length, 0);
  b.write(type, 4, 'latin1');
  body.copy(b, 8);
  b.writeUInt32BE(crc32(b.subarray(4, 8 + body.length)), 8 + body.length);
  return b;
}

/**
 * An 8-bit RGBA PNG of `data` (width * height * 4 bytes, row-major): every row Sub-filtered, one IDAT deflated by
 * node:zlib at `level` (default 1). Made for the overlay: pngjs (what jimp encodes with) tries all five filters per
 * row and packs each pixel through a callback, most of the overlay's time (profiled, docs/benchmarks-serve.md).
 */
export function encodeRgbaPng(data: Uint8Array, width: number, height: number, level = 1): Buffer {
  const stride = width * 4;
  if (data.length !== stride * height) throw new Error(`Error in encodeRgbaPng: expected ${stride * height} bytes for ${width}x${height} RGBA, got ${data.length}`);
  const raw = Buffer.allocUnsafe((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1) + 1;
    const s = y * stride;
    raw[o - 1] = 1;
    for (let i = 0; i < 4; i++) raw[o + i] = data[s + i] as number;
    for (let i = 4; i < stride; i++) raw[o + i] = ((data[s + i] as number) - (data[s + i - 4] as number)) & 255;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level })), chunk('IEND', Buffer.alloc(0))]);
}
