import { PNG } from 'pngjs';
import { OptionChecker } from '@medimg/core';

/** Writes a 16-bit PNG (gray, or RGB with `channels: 3`) with pngjs from values 0..65535, row-major. */
export function encodePng16(values: ArrayLike<number>, width: number, height: number, channels: 1 | 3 = 1): Uint8Array {
  const v = new OptionChecker('encodePng16');
  v.int('width', width, 1);
  v.int('height', height, 1);
  v.oneOf('channels', channels, [1, 3]);
  v.check(values.length === width * height * channels, `values must hold ${width * height * channels} numbers; got ${values.length}`);
  v.done();
  const colorType = channels === 1 ? 0 : 2;
  const png = new PNG({ width, height, bitDepth: 16, colorType, inputColorType: colorType, inputHasAlpha: false });
  const u16 = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) u16[i] = Math.min(65535, Math.max(0, Math.round(values[i] as number)));
  png.data = Buffer.from(u16.buffer);
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: colorType, bitDepth: 16, inputHasAlpha: false }));
}
