import { ValidationError, type WindowSetting } from '@medimg/core';

/** Parses a `--window` value: 'auto', 'full' or 'CENTER,WIDTH' (e.g. '40,400'); throws a ValidationError naming the fix. */
export function parseWindow(text: string): WindowSetting {
  const t = text.trim().toLowerCase();
  if (t === 'auto' || t === 'full') return t;
  const parts = t.split(',').map((s) => Number(s.trim()));
  const [center, width] = parts;
  if (parts.length !== 2 || !Number.isFinite(center) || !Number.isFinite(width) || (width as number) <= 0) {
    throw new ValidationError('window', [`expected auto, full or CENTER,WIDTH with a positive width (e.g. 40,400); got ${JSON.stringify(text)}. Fix: pass --window auto, --window full or --window 2048,4096`]);
  }
  return { center: center as number, width: width as number };
}

/** The `--window` text of a setting (inverse of parseWindow). */
export function formatWindow(w: WindowSetting | undefined): string {
  if (w === undefined) return 'auto';
  return typeof w === 'string' ? w : `${w.center},${w.width}`;
}
