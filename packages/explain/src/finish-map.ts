import type { HeatMap } from './types';
import { upsampleBilinear } from './upsample-bilinear';

export interface FinishedMap {
  /** [0, 1] at the requested size. */
  data: Float32Array;
  /** ReLU of the input map, at its own size. */
  lowRes: HeatMap;
  /** Largest value of `lowRes`. */
  peak: number;
}

/**
 * The last steps every class map shares, whatever computed it: ReLU, bilinear upsampling to `width` x `height`,
 * min-max normalisation to [0, 1] (a flat map, e.g. no positive evidence, becomes all 0).
 */
export function finishMap(raw: HeatMap, width: number, height: number): FinishedMap {
  const relu = Float32Array.from(raw.data, (v) => (v > 0 ? v : 0));
  const lowRes: HeatMap = { width: raw.width, height: raw.height, data: relu };
  let peak = 0;
  for (const v of relu) if (v > peak) peak = v;
  const data = upsampleBilinear(lowRes, width, height);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  if (!(range > peak * 1e-6) || peak === 0) data.fill(0);
  else for (let i = 0; i < data.length; i++) data[i] = ((data[i] as number) - lo) / range;
  return { data, lowRes, peak };
}
