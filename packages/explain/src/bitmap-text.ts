import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Jimp } from 'jimp';
import { SANS_16_WHITE } from 'jimp/fonts';

/** An RGBA image buffer (jimp's `bitmap`). */
export interface RgbaBitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

interface Glyph { x: number; y: number; width: number; height: number; xoffset: number; yoffset: number; xadvance: number }

/** A BMFont (the text .fnt + one PNG page, as jimp ships them) ready to draw. */
export interface BitmapFont {
  glyphs: Map<number, Glyph>;
  /** RGBA pixels of the glyph page. */
  page: RgbaBitmap;
  lineHeight: number;
}

const num = (attrs: string, key: string): number => Number(new RegExp(`\\b${key}="(-?\\d+)"`).exec(attrs)?.[1] ?? 0);

/** Loads one of jimp's bundled Open Sans fonts (default 16 px white). */
export async function loadBitmapFont(fntFile: string = SANS_16_WHITE): Promise<BitmapFont> {
  const text = await readFile(fntFile, 'utf8');
  const glyphs = new Map<number, Glyph>();
  for (const m of text.matchAll(/<char ([^>]*)\/>/g)) {
    const a = m[1] as string;
    glyphs.set(num(a, 'id'), { x: num(a, 'x'), y: num(a, 'y'), width: num(a, 'width'), height: num(a, 'height'), xoffset: num(a, 'xoffset'), yoffset: num(a, 'yoffset'), xadvance: num(a, 'xadvance') });
  }
  const pageFile = /<page id="0" file="([^"]+)"/.exec(text)?.[1];
  if (pageFile === undefined) throw new Error(`Error in loadBitmapFont: ${fntFile} names no page image`);
  const page = (await Jimp.read(join(dirname(fntFile), pageFile))).bitmap;
  return { glyphs, page, lineHeight: num(/<common ([^>]*)\/>/.exec(text)?.[1] ?? '', 'lineHeight') };
}

/** Draws `text` onto an RGBA image at (x, y) (top-left), blending the glyphs' alpha; clips at the image edges. */
export function drawText(target: RgbaBitmap, font: BitmapFont, x: number, y: number, text: string): void {
  const { width: tw, height: th, data } = target;
  const src = font.page;
  let pen = x;
  for (const ch of text) {
    const g = font.glyphs.get(ch.codePointAt(0) ?? 63) ?? font.glyphs.get(63);
    if (g === undefined) continue;
    for (let gy = 0; gy < g.height; gy++) {
      for (let gx = 0; gx < g.width; gx++) {
        const px = pen + g.xoffset + gx;
        const py = y + g.yoffset + gy;
        if (px < 0 || py < 0 || px >= tw || py >= th) continue;
        const s = ((g.y + gy) * src.width + g.x + gx) * 4;
        const a = (src.data[s + 3] as number) / 255;
        if (a === 0) continue;
        const t = (py * tw + px) * 4;
        for (let k = 0; k < 3; k++) data[t + k] = Math.round((1 - a) * (data[t + k] as number) + a * (src.data[s + k] as number));
      }
    }
    pen += g.xadvance;
  }
}
