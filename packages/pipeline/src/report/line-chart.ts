import { esc, fmt, legend, PALETTE, svgOpen, ticks } from './svg';

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  title: string;
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Fixed y range, e.g. [0, 1] for AUC; default fits the data. */
  yRange?: readonly [number, number];
  /** Draw the y = x diagonal (ROC curves). */
  diagonal?: boolean;
}

/** An SVG line chart (training curves, ROC). */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 300;
  const m = { left: 52, right: 14, top: 28, bottom: 58 };
  const all = options.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const [y0, y1] = options.yRange ?? [ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1];
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (x: number): number => m.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * pw : pw / 2);
  const sy = (y: number): number => m.top + ph - (y1 > y0 ? ((y - y0) / (y1 - y0)) * ph : ph / 2);
  const parts: string[] = [svgOpen(width, height, options.title)];
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/><text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const t of ticks(x0, x1)) {
    parts.push(`<text x="${sx(t)}" y="${m.top + ph + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#9ca3af"/>`);
  if (options.diagonal) parts.push(`<line x1="${sx(x0)}" y1="${sy(y0)}" x2="${sx(x1)}" y2="${sy(y1)}" stroke="#9ca3af" stroke-dasharray="4 4"/>`);
  options.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
    if (s.points.length > 0) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (s.points.length === 1) parts.push(`<circle cx="${sx(s.points[0]![0])}" cy="${sy(s.points[0]![1])}" r="3" fill="${color}"/>`);
  });
  parts.push(legend(options.series.map((s) => s.name), m.left, height - 18));
  parts.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 32}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
