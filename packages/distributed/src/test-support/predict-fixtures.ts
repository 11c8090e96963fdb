// Batch-predict fixtures: a folder of small generated PNGs (fast: 16 distinct images, each written many times under
// different names) and a tiny real ONNX classifier carrying a model card (run by onnxruntime).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createModelCard } from '@medimg/core';
import { encodeModel } from '@medimg/onnx';
import { tinyDenseOnnx } from '@medimg/onnx/testing';

export const SIDE = 32;

function png(seed: number, bright: boolean): Buffer {
  const image = new PNG({ width: SIDE, height: SIDE, colorType: 0, inputColorType: 0, bitDepth: 8 });
  let s = seed >>> 0;
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const data = Buffer.alloc(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) {
      const centre = x >= 8 && x < 24 && y >= 8 && y < 24;
      data[y * SIDE + x] = Math.round(rand() * 120 + (bright && centre ? 120 : 0));
    }
  return PNG.sync.write(Object.assign(image, { data }), { colorType: 0, inputColorType: 0 });
}

/** `count` PNGs under `dir`/{NORMAL,PNEUMONIA}/<n>.png (half each) plus one unreadable `broken.png`. Returns the relative names. */
export function writeImageFolder(dir: string, count: number): string[] {
  const variants = Array.from({ length: 16 }, (_, i) => png(i + 1, i % 2 === 1));
  const files: string[] = [];
  for (const cls of ['NORMAL', 'PNEUMONIA']) mkdirSync(join(dir, cls), { recursive: true });
  for (let i = 0; i < count; i++) {
    const cls = i % 2 === 0 ? 'NORMAL' : 'PNEUMONIA';
    const name = `${cls}/img-${String(i).padStart(5, '0')}.png`;
    writeFileSync(join(dir, name), variants[(i % 8) * 2 + (cls === 'PNEUMONIA' ? 1 : 0)] as Buffer);
    files.push(name);
  }
  writeFileSync(join(dir, 'broken.png'), Buffer.from('not a png at all'));
  files.push('broken.png');
  return files.sort();
}

/** input [batch, 32, 32, 1] -> x/255 -> flatten -> dense(2) -> softmax; scores the bright centre as PNEUMONIA. */
export function writeTinyOnnx(path: string): void {
  const k = SIDE * SIDE;
  const w = new Float32Array(k * 2);
  for (let p = 0; p < k; p++) {
    const x = p % SIDE;
    const y = Math.floor(p / SIDE);
    const centre = x >= 8 && x < 24 && y >= 8 && y < 24 ? 1 : -0.3;
    w[p * 2 + 1] = centre * 0.05;
    w[p * 2] = -centre * 0.05;
  }
  const card = createModelCard({
    architecture: 'tiny-dense',
    classNames: ['NORMAL', 'PNEUMONIA'],
    positiveClass: 1,
    preprocessing: { imageSize: SIDE, channels: 1, resize: 'stretch', scale: 'in-graph' },
    threshold: 0.6,
    thresholdPolicy: { name: 'fixed' },
  });
  writeFileSync(path, encodeModel(tinyDenseOnnx({ side: SIDE, kernel: w, bias: Float32Array.of(0, -2), card })));
}
