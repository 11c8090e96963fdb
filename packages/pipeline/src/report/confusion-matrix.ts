import { esc, svgOpen } from './svg';

/** An SVG confusion matrix: rows = true class, columns = predicted class, shaded by row share. */
export function confusionMatrixSvg(labels: readonly string[], matrix: readonly (readonly number[])[], title = 'Confusion matrix'): string {
  const n = labels.length;
  const cell = 70;
  const left = 110;
  const top = 56;
  const width = left + n * cell + 20;
  const height = top + n * cell + 40;
  const parts = [svgOpen(width, height, title)];
  parts.push(`<text x="${left + (n * cell) / 2}" y="${top - 22}" text-anchor="middle">predicted</text>`);
  labels.forEach((l, j) => parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${esc(l)}</text>`));
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(labels[i] ?? String(i))}</text>`);
    row.forEach((v, j) => {
      const share = total > 0 ? v / total : 0;
      const shade = Math.round(255 - share * 180);
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#fff"/>` +
          `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="14" fill="${share > 0.6 ? '#fff' : '#111'}">${v}</text>`,
      );
    });
  });
  parts.push(`<text transform="translate(14 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle">true</text></svg>`);
  return parts.join('');
}
