import { join } from 'node:path';
import type { ImageBatch, ModelCard, Predictor } from '@medimg/core';
import type { DecodePool, DecodeResult } from '@medimg/dataset';
import { decideClass } from '@medimg/metrics';
import type { PredictionLine } from './types';

const round = (p: number): number => Math.round(p * 1e6) / 1e6;

/** A line for one image from its probabilities (row `row` of a batch's output). */
export function predictionLine(file: string, card: ModelCard, probs: Float32Array, row: number): PredictionLine {
  const k = card.classNames.length;
  const p = probs.subarray(row * k, row * k + k);
  const probabilities: Record<string, number> = {};
  card.classNames.forEach((name, c) => (probabilities[name] = round(p[c] as number)));
  const decision = card.classNames[decideClass(p, card)] as string;
  return card.positiveClass !== null && k === 2 ? { file, probabilities, decision, threshold: card.threshold } : { file, probabilities, decision };
}

async function decodeBatch(pool: DecodePool, root: string, files: readonly string[]): Promise<DecodeResult[]> {
  return Promise.all(files.map((f) => pool.decode(join(root, ...f.split('/'))).catch((error: unknown): DecodeResult => ({ ok: false, reason: error instanceof Error ? error.message : String(error), hash: '' }))));
}

/**
 * Predicts `files` (relative to `root`) in batches of `batchSize`: decodes a batch with the card's preprocessing on
 * the pool while the previous batch runs through the model, and hands each batch's lines (input order, unreadable
 * images as error lines) to `onBatch`. Memory: two batches of pixels.
 */
export async function predictFiles(
  predictor: Predictor,
  pool: DecodePool,
  root: string,
  files: readonly string[],
  batchSize: number,
  onBatch: (lines: PredictionLine[]) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const card = predictor.card;
  const [height, width, channels] = predictor.inputShape;
  const per = height * width * channels;
  const slices: string[][] = [];
  for (let i = 0; i < files.length; i += batchSize) slices.push(files.slice(i, i + batchSize));
  let next = slices.length > 0 ? decodeBatch(pool, root, slices[0] as string[]) : undefined;
  for (let b = 0; b < slices.length && next; b++) {
    const decoded = await next;
    next = b + 1 < slices.length && !signal?.aborted ? decodeBatch(pool, root, slices[b + 1] as string[]) : undefined;
    const slice = slices[b] as string[];
    const ok = decoded.flatMap((d, i) => (d.ok ? [{ i, pixels: d.pixels }] : []));
    const lines: PredictionLine[] = decoded.map((d, i) => ({ file: slice[i] as string, ...(d.ok ? {} : { error: `cannot read image: ${d.reason}` }) }));
    if (ok.length > 0) {
      const pixels = new Uint8Array(ok.length * per);
      ok.forEach((o, j) => pixels.set(o.pixels.subarray(0, per), j * per));
      const batch: ImageBatch = { pixels, labels: new Int32Array(ok.length), size: ok.length, height, width, channels, indices: Int32Array.from(ok.map((o) => o.i)) };
      const probs = await predictor.predict(batch);
      ok.forEach((o, j) => (lines[o.i] = predictionLine(slice[o.i] as string, card, probs, j)));
    }
    await onBatch(lines);
    if (signal?.aborted) break;
  }
  await next?.catch(() => undefined);
}
