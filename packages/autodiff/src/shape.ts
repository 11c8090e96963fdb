/** Numpy-style broadcast of two shapes; throws naming both when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`Error in broadcastShapes: [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export const numel = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Axes of `full` that were broadcast from `target` (leading extra axes and size-1 axes), for summing a gradient back. */
export function broadcastAxes(full: readonly number[], target: readonly number[]): number[] {
  const axes: number[] = [];
  const offset = full.length - target.length;
  for (let i = 0; i < full.length; i++) {
    const t = i < offset ? undefined : target[i - offset];
    if (t === undefined || (t === 1 && full[i] !== 1)) axes.push(i);
  }
  return axes;
}

/** Normalises a possibly negative axis. */
export const axisOf = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);
