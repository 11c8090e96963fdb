import { esc, fmt, legend, PALETTE, svgOpen, ticks } from './svg';

export interface BarChartOptions {
  title: string;
  /** Groups on the x axis (e.g. batch sizes), each with one bar per series (e.g. FP32, INT8). */
  groups: readonly string[];
  series: readonly { name: string; values: readonly number[] }[];
  unit: string;
  width?: number;
  height?: number;
}

/** A grouped SVG bar chart with values printed on the bars. */
export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 280;
  const m = { left: 56, right: 14, top: 28, bottom: 54 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const max = Math.max(1e-12, ...options.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const top = ticks(0, max).at(-1) ?? max;
  const yMax = Math.max(top, max);
  const sy = (v: number): number => m.top + ph - (v / yMax) * ph;
  const groupW = pw / Math.max(1, options.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, options.series.length);
  const parts = [svgOpen(width, height, options.title)];
  for (const t of ticks(0, yMax)) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/><text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  options.groups.forEach((g, gi) => {
    const gx = m.left + gi * groupW + groupW * 0.1;
    options.series.forEach((s, si) => {
      const v = s.values[gi] ?? 0;
      const x = gx + si * barW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${sy(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(m.top + ph - sy(v)).toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${esc(`${s.name} ${g}: ${fmt(v)} ${options.unit}`)}</title></rect>`);
      parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(sy(v) - 3).toFixed(1)}" text-anchor="middle" font-size="9">${fmt(v)}</text>`);
    });
    parts.push(`<text x="${(m.left + gi * groupW + groupW / 2).toFixed(1)}" y="${m.top + ph + 15}" text-anchor="middle">${esc(g)}</text>`);
  });
  parts.push(legend(options.series.map((s) => s.name), m.left, height - 18));
  parts.push(`<text transform="translate(14 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(options.unit)}</text></svg>`);
  return parts.join('');
}
