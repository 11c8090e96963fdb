import { PNG } from 'pngjs';
import { JET_LUT, jet } from './colormap';
import { encodeRgbaPng } from './encode-rgba-png';
import { overlayPixels } from './overlay-pixels';

describe('encodeRgbaPng', () => {
  it('writes a PNG that pngjs decodes to the same RGBA bytes (noise, so every Sub difference wraps around somewhere)', () => {
    const width = 37;
    const height = 11;
    const data = new Uint8Array(width * height * 4);
    let s = 12345;
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = s >>> 24;
    }
    const decoded = PNG.sync.read(encodeRgbaPng(data, width, height));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.compare(decoded.data, Buffer.from(data))).toBe(0);
  });

  it('refuses a buffer of the wrong length, naming the expected size', () => {
    expect(() => encodeRgbaPng(new Uint8Array(10), 2, 2)).toThrow('expected 16 bytes for 2x2 RGBA, got 10');
  });
});

describe('overlayPixels', () => {
  it('shows the grey image where the map is 0 and blends jet at `opacity` where it is 1', () => {
    const base = { pixels: Uint8Array.from([200, 200, 200, 200]), width: 2, height: 2, channels: 1 };
    const out = new Uint8Array(2 * 2 * 4);
    overlayPixels(out, base, { width: 2, height: 2, data: Float32Array.from([0, 1, 0, 1]) }, 2, 0.5);
    const [r, g, b] = jet(1);
    expect(Array.from(out.subarray(0, 8))).toEqual([200, 200, 200, 255, Math.round(100 + r / 2), Math.round(100 + g / 2), Math.round(100 + b / 2), 255]);
    expect(Array.from(JET_LUT.subarray(255 * 3, 256 * 3))).toEqual(jet(1));
  });
});
