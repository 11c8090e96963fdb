/** Tiny SVG helpers shared by the charts (no dependencies, output is self-contained). */
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'] as const;

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return Number(value.toPrecision(digits)).toString();
}

export function svgOpen(width: number, height: number, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="11"><title>${esc(title)}</title><rect width="${width}" height="${height}" fill="#fff"/><text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`;
}

/** Nice tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A one-row legend whose entries are spaced by their text length. */
export function legend(names: readonly string[], x: number, y: number): string {
  let at = x;
  return names
    .map((name, i) => {
      const item = `<rect x="${at}" y="${y}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${at + 14}" y="${y + 9}">${esc(name)}</text>`;
      at += 24 + name.length * 6.5;
      return item;
    })
    .join('');
}
